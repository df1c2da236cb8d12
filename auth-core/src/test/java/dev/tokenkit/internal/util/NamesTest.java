package dev.tokenkit.internal.util;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Names")
class NamesTest {

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"symbl", "app-id", "my-vendor2", "a", "a1-b2-c3"})
    @DisplayName("lower-kebab-case names are accepted")
    void kebab(String name) {
        assertThat(Names.isKebab(name)).isTrue();
        assertThat(Names.requireKebab(name, "id")).isEqualTo(name);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "Symbl", "app_id", "app--id", "-app", "app-", "1app", "app id", "app.id", "ä"})
    @DisplayName("other names are rejected")
    void notKebab(String name) {
        assertThat(Names.isKebab(name)).isFalse();
        assertThatThrownBy(() -> Names.requireKebab(name, "provider id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid provider id '" + name + "'");
    }

    @Test
    @DisplayName("null and names over 64 characters are rejected")
    void nullAndLong() {
        assertThat(Names.isKebab(null)).isFalse();
        assertThat(Names.isKebab("a".repeat(64))).isTrue();
        assertThat(Names.isKebab("a".repeat(65))).isFalse();
    }

    @Test
    @DisplayName("nearest suggests a close candidate, treating _ and . as dashes and ignoring case")
    void nearest() {
        List<String> options = List.of("app-id", "app-secret", "base-url", "request-timeout");
        assertThat(Names.nearest("app_id", options)).contains("app-id");
        assertThat(Names.nearest("APP.SECRET", options)).contains("app-secret");
        assertThat(Names.nearest("requst-timeout", options)).contains("request-timeout");
        assertThat(Names.nearest("base-uri", options)).contains("base-url");
        assertThat(Names.nearest("symbl", List.of("symbol", "singleview"))).contains("symbol");
    }

    @Test
    @DisplayName("nearest suggests nothing when nothing is close")
    void nothingClose() {
        assertThat(Names.nearest("completely-unrelated", List.of("app-id", "base-url"))).isEmpty();
        assertThat(Names.nearest("x", List.of())).isEmpty();
    }

    @Test
    @DisplayName("distance is the Levenshtein distance")
    void distance() {
        assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
        assertThat(Names.distance("same", "same")).isZero();
    }
}
