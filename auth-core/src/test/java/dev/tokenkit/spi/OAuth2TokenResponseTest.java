package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;
import dev.tokenkit.internal.util.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("OAuth2TokenResponse reads RFC 6749 §5.1 answers")
class OAuth2TokenResponseTest {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    static AccessToken parse(String json) {
        return OAuth2TokenResponse.parse(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    @ParameterizedTest(name = "token_type {0}")
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
    @DisplayName("token_type is case-insensitive: any casing of bearer is Bearer")
    void bearerAnyCase(String type) {
        AccessToken t = parse("{\"access_token\":\"tok-1\",\"token_type\":\"" + type + "\",\"expires_in\":3600}");
        assertThat(t.type()).isEqualTo("Bearer");
        assertThat(t.authorizationHeader()).isEqualTo("Bearer tok-1");
        assertThat(t.issuedAt()).isEqualTo(NOW);
        assertThat(t.expiresAt()).contains(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    @DisplayName("another token type is kept as sent")
    void otherType() {
        assertThat(parse("{\"access_token\":\"tok-1\",\"token_type\":\"DPoP\"}").type()).isEqualTo("DPoP");
    }

    @Test
    @DisplayName("expires_in is optional (RFC 6749 §5.1): no lifetime is declared")
    void noLifetime() {
        AccessToken t = parse("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"scope\":\"a b\",\"refresh_token\":\"r\"}");
        assertThat(t.expiresAt()).isEmpty();
    }

    @Test
    @DisplayName("expires_in as a numeric string is read (some servers quote it)")
    void stringLifetime() {
        assertThat(parse("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":\"3599\"}").expiresAt())
                .contains(NOW.plusSeconds(3599));
    }

    @Test
    @DisplayName("a missing token_type is taken as Bearer")
    void missingType() {
        assertThat(parse("{\"access_token\":\"tok-1\"}").type()).isEqualTo("Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"token_type\":\"Bearer\"}", "{\"access_token\":\"\"}", "{\"access_token\":42}",
            "{\"access_token\":\"t\",\"expires_in\":0}", "{\"access_token\":\"t\",\"expires_in\":\"soon\"}",
            "{\"access_token\":\"t\",\"token_type\":7}"})
    @DisplayName("invalid answers fail naming the field")
    void invalid(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(access_token|expires_in|token_type).*");
    }
}
