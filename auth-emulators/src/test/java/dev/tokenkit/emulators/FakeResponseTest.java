package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeResponseTest {

    @Test
    @DisplayName("every fluent call returns a new value and leaves the original unchanged")
    void immutable() {
        FakeResponse base = FakeResponse.status(200);

        FakeResponse changed = base.header("X-A", "1").body("x").delay(Duration.ofSeconds(1));

        assertThat(changed).isNotSameAs(base);
        assertThat(base.toString()).isEqualTo("FakeResponse[200 body=0 bytes]");
        assertThat(changed.toString()).contains("X-A", "body=1 bytes", "delay=PT1S");
    }

    @Test
    @DisplayName("json replaces an earlier content type")
    void jsonReplacesContentType() {
        FakeResponse response = FakeResponse.status(200).header("content-type", "text/plain").json("{}");

        assertThat(response.headers()).containsExactly(java.util.Map.entry("Content-Type", "application/json"));
    }

    @Test
    @DisplayName("toString leaves out header values and the body")
    void toStringHidesSecrets() {
        String text = FakeResponse.ok("{\"accessToken\":\"s3cret-token\"}")
                .header("Set-Cookie", "session=s3cret-cookie")
                .toString();

        assertThat(text).contains("Set-Cookie").doesNotContain("s3cret");
    }

    @Test
    @DisplayName("rejects statuses a server cannot send alone, and bodies on 204 and 304")
    void rejectsImpossibleResponses() {
        assertThatThrownBy(() -> FakeResponse.status(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
        assertThatThrownBy(() -> FakeResponse.status(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeResponse.status(204).body("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("204");
        assertThatThrownBy(() -> FakeResponse.status(304).oversized(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("rejects header injection and conflicting connection behaviours")
    void rejectsMisuse() {
        assertThatThrownBy(() -> FakeResponse.status(200).header("X-A", "a\r\nX-B: b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeResponse.status(200).dropConnection().neverAnswer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("drop_connection");
        assertThatThrownBy(() -> FakeResponse.status(200).delay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeResponse.status(200).trickle(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeResponse.ok("{\"a\":1}").oversized(3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("copies the byte array it is given")
    void copiesBytes() {
        byte[] bytes = {1, 2, 3};
        FakeResponse response = FakeResponse.status(200).body(bytes);
        bytes[0] = 9;

        byte[] sent = new byte[3];
        response.fill(0, sent, 3);
        assertThat(sent).containsExactly(1, 2, 3);
    }
}
