package dev.tokenkit.internal.util;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Json.parseObject")
class JsonTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("parses one object surrounded by whitespace")
    void parses() {
        assertThat(Json.parseObject(utf8(" \n{\"a\":\"b\",\"n\":[1,2]}\r\n ")).getString("a")).isEqualTo("b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"a\":1} {\"a\":2}", "{\"a\":1}x", "{\"a\":1}}", "{\"a\":1},", "{\"a\":1,\"a\":2}",
            "[{\"a\":1}]", "\"a\"", "1", "null", "", "   ", "{", "{\"a\":}", "{'a':1}"})
    @DisplayName("anything but exactly one well-formed object without duplicate keys fails with JsonParseFailure")
    void rejects(String text) {
        assertThatThrownBy(() -> Json.parseObject(utf8(text))).isInstanceOf(Json.JsonParseFailure.class);
        assertThat(Json.parseObjectOrNull(utf8(text))).isNull();
    }

    @Test
    @DisplayName("deep nesting fails fast with JsonParseFailure, not StackOverflowError")
    void deepNesting() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertThatThrownBy(() -> Json.parseObject(utf8(deep))).isInstanceOf(Json.JsonParseFailure.class);
        String ok = "{\"a\":".repeat(60) + "1" + "}".repeat(60);
        assertThat(Json.parseObject(utf8(ok))).containsKey("a");
    }

    @Test
    @DisplayName("writes compact JSON")
    void writes() {
        assertThat(Json.write(Json.provider().createObjectBuilder().add("a", "b").add("n", 1).build()))
                .isEqualTo("{\"a\":\"b\",\"n\":1}");
    }
}
