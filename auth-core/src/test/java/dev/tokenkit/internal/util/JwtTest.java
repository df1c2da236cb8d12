package dev.tokenkit.internal.util;

import dev.tokenkit.testsupport.Jwts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Jwt.expiry")
class JwtTest {

    @Test
    @DisplayName("reads a numeric exp claim")
    void readsExp() {
        assertThat(Jwt.expiry(Jwts.withPayload("{\"exp\":1900000000}"))).contains(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    @DisplayName("a fractional exp is truncated to the second")
    void fractional() {
        assertThat(Jwt.expiry(Jwts.withPayload("{\"exp\":1900000000.9}"))).contains(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    @DisplayName("a padded payload is accepted")
    void padded() {
        String payload = Base64.getUrlEncoder().encodeToString("{\"exp\": 1900000000}".getBytes(StandardCharsets.UTF_8));
        assertThat(payload).endsWith("=");
        assertThat(Jwt.expiry("eyJhbGciOiJub25lIn0." + payload + ".sig")).contains(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    @DisplayName("a negative exp is the epoch, a far-future one is clamped to year 9999")
    void extremes() {
        assertThat(Jwt.expiry(Jwts.withPayload("{\"exp\":-5}"))).contains(Instant.EPOCH);
        assertThat(Jwt.expiry(Jwts.withPayload("{\"exp\":1e300}"))).contains(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {"{}", "{\"exp\":\"1900000000\"}", "{\"exp\":null}", "{\"exp\":true}", "[1,2]",
            "not json", "{\"exp\":1900000000", "{\"exp\":1e99999999999}"})
    @DisplayName("payloads without a numeric exp are empty")
    void noExp(String payload) {
        assertThat(Jwt.expiry(Jwts.withPayload(payload))).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "opaque", "a.b", ".payload.sig", "a.b.c.d.e", "eyJ.%%%.sig", "a..c"})
    @DisplayName("values that are not JWTs are empty, never an exception")
    void notJwt(String token) {
        assertThat(Jwt.expiry(token)).isEmpty();
    }

    @Test
    @DisplayName("an oversized payload is not decoded")
    void oversized() {
        String big = Jwts.withPayload("{\"exp\":1900000000,\"pad\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(Jwt.expiry(big)).isEmpty();
    }
}
