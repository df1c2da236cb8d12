package dev.tokenkit;

import dev.tokenkit.testsupport.Jwts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Value types")
class ValuesTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Nested
    @DisplayName("Secret")
    class SecretTests {
        @Test
        @DisplayName("toString is redacted and reveal returns the value")
        void redacted() {
            Secret s = Secret.of("hunter2-secret");
            assertThat(s).hasToString("****");
            assertThat(String.valueOf(s)).doesNotContain("hunter2");
            assertThat(s.reveal()).isEqualTo("hunter2-secret");
            assertThat(s.isEmpty()).isFalse();
            assertThat(Secret.of("").isEmpty()).isTrue();
        }

        @Test
        @DisplayName("equals compares values, and hashCode does not depend on the value")
        void equality() {
            assertThat(Secret.of("a-value")).isEqualTo(Secret.of("a-value")).isNotEqualTo(Secret.of("b-value"));
            assertThat(Secret.of("a-value")).isNotEqualTo("a-value");
            assertThat(Secret.of("a-value").hashCode()).isEqualTo(Secret.of("other").hashCode());
        }

        @Test
        @DisplayName("null is rejected")
        void nullRejected() {
            assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("AccessToken")
    class AccessTokenTests {
        @Test
        @DisplayName("toString shows a fingerprint and never the value; authorizationHeader is 'Bearer value'")
        void toStringAndHeader() {
            AccessToken t = AccessToken.builder("opaque-token-value-123").issuedAt(T0).expiresIn(Duration.ofMinutes(5)).build();

            assertThat(t.toString()).doesNotContain("opaque-token-value-123").contains(t.fingerprint());
            assertThat(t.fingerprint()).matches("sha256:[0-9a-f]{8}");
            assertThat(t.authorizationHeader()).isEqualTo("Bearer opaque-token-value-123");
            assertThat(t.type()).isEqualTo("Bearer");
            assertThat(t.issuedAt()).isEqualTo(T0);
            assertThat(t.expiresAt()).contains(T0.plusSeconds(300));
        }

        @ParameterizedTest(name = "type ''{0}''")
        @ValueSource(strings = {"bearer", "BEARER", "Bearer", "bEaReR"})
        @DisplayName("any casing of type bearer is normalised to Bearer")
        void bearerNormalised(String type) {
            AccessToken t = AccessToken.builder("v").type(type).build();
            assertThat(t.type()).isEqualTo("Bearer");
            assertThat(t.authorizationHeader()).isEqualTo("Bearer v");
        }

        @Test
        @DisplayName("a blank or null type keeps Bearer; another type is kept")
        void otherTypes() {
            assertThat(AccessToken.builder("v").type(" ").build().type()).isEqualTo("Bearer");
            assertThat(AccessToken.builder("v").type(null).build().type()).isEqualTo("Bearer");
            assertThat(AccessToken.builder("v").type("MAC").build().authorizationHeader()).isEqualTo("MAC v");
            assertThatThrownBy(() -> AccessToken.builder("v").type("Bad Type").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest(name = "[{index}] rejected")
        @ValueSource(strings = {"with space", "with\rcr", "with\nlf", "with\ttab", "non-ascii-\u00e9", "ctl\u0000",
                "del\u007f", ""})
        @DisplayName("values with space, CR/LF, tab, control or non-ASCII characters, or empty, are rejected without quoting them")
        void rejectsUnsafeValues(String value) {
            assertThatThrownBy(() -> AccessToken.builder(value).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        if (!value.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(value);
                        }
                    });
        }

        @Test
        @DisplayName("a null value is rejected")
        void nullValue() {
            assertThatThrownBy(() -> AccessToken.builder(null).build()).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a JWT exp earlier than the declared lifetime wins")
        void jwtExpEarlier() {
            String jwt = Jwts.expiringAt(T0.plusSeconds(60));
            AccessToken t = AccessToken.builder(jwt).issuedAt(T0).expiresIn(Duration.ofHours(1)).build();
            assertThat(t.expiresAt()).contains(T0.plusSeconds(60));
        }

        @Test
        @DisplayName("a declared lifetime earlier than the JWT exp wins")
        void declaredEarlier() {
            String jwt = Jwts.expiringAt(T0.plusSeconds(3600));
            AccessToken t = AccessToken.builder(jwt).issuedAt(T0).expiresIn(Duration.ofSeconds(90)).build();
            assertThat(t.expiresAt()).contains(T0.plusSeconds(90));
            AccessToken at = AccessToken.builder(jwt).issuedAt(T0).expiresAt(T0.plusSeconds(30)).build();
            assertThat(at.expiresAt()).contains(T0.plusSeconds(30));
        }

        @Test
        @DisplayName("a JWT without a declared lifetime expires at its exp")
        void jwtOnly() {
            AccessToken t = AccessToken.builder(Jwts.expiringAt(T0.plusSeconds(600))).issuedAt(T0).build();
            assertThat(t.expiresAt()).contains(T0.plusSeconds(600));
            assertThat(t.isExpiredAt(T0.plusSeconds(599))).isFalse();
            assertThat(t.isExpiredAt(T0.plusSeconds(600))).isTrue();
        }

        @Test
        @DisplayName("a non-JWT value and a JWT-shaped value with a garbage payload are tolerated")
        void nonJwtTolerated() {
            AccessToken opaque = AccessToken.builder("a.b").issuedAt(T0).expiresIn(Duration.ofSeconds(10)).build();
            assertThat(opaque.expiresAt()).contains(T0.plusSeconds(10));
            AccessToken garbage = AccessToken.builder("eyJhbGciOiJIUzI1NiJ9.%%%not-base64%%%.sig").issuedAt(T0)
                    .expiresIn(Duration.ofSeconds(10)).build();
            assertThat(garbage.expiresAt()).contains(T0.plusSeconds(10));
            AccessToken notJson = AccessToken.builder("aGVhZA.bm90IGpzb24.c2ln").issuedAt(T0).build();
            assertThat(notJson.expiresAt()).isEmpty();
            assertThat(notJson.isExpiredAt(Instant.MAX)).isFalse();
        }

        @Test
        @DisplayName("an absurd declared lifetime saturates instead of overflowing")
        void absurdLifetime() {
            AccessToken t = AccessToken.builder("v").issuedAt(T0).expiresIn(Duration.ofSeconds(Long.MAX_VALUE)).build();
            assertThat(t.expiresAt()).contains(Instant.MAX);
        }

        @Test
        @DisplayName("equality covers value, type and times; sameValueAs only the value; withExpiresAt copies")
        void equality() {
            AccessToken a = AccessToken.builder("v").issuedAt(T0).expiresIn(Duration.ofSeconds(10)).build();
            AccessToken b = AccessToken.builder("v").issuedAt(T0).expiresIn(Duration.ofSeconds(10)).build();
            AccessToken later = a.withExpiresAt(T0.plusSeconds(5));

            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(later);
            assertThat(a.sameValueAs(later)).isTrue();
            assertThat(a.sameValueAs(null)).isFalse();
            assertThat(later.expiresAt()).contains(T0.plusSeconds(5));
        }
    }

    @Nested
    @DisplayName("ConfigOption and ProviderDescriptor")
    class Descriptors {
        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"App-Id", "app_id", "app--id", "-app", "app-", "1app", "", "app id"})
        @DisplayName("option names must be lower-kebab-case")
        void optionNamesKebab(String name) {
            assertThatThrownBy(() -> ConfigOption.builder(name, ConfigOption.Type.STRING))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-kebab-case");
        }

        @Test
        @DisplayName("provider ids must be lower-kebab-case")
        void providerIdsKebab() {
            assertThatThrownBy(() -> ProviderDescriptor.builder("Bad_ID")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'Bad_ID'");
            assertThat(ProviderDescriptor.builder("acme-sso2").build().id()).isEqualTo("acme-sso2");
        }

        @Test
        @DisplayName("the transport options are appended after the provider's own options")
        void transportOptionsAppended() {
            ProviderDescriptor d = ProviderDescriptor.builder("acme")
                    .option(ConfigOption.builder("app-id", ConfigOption.Type.STRING).required().build()).build();

            assertThat(d.options()).extracting(ConfigOption::name).containsExactly("app-id", "connect-timeout",
                    "request-timeout", "max-response-bytes", "allow-insecure-http", "proxy", "tls-trust",
                    "tls-trust-password", "tls-client-certificate", "tls-client-key", "tls-client-key-password",
                    "tls-client-keystore", "tls-client-keystore-password", "tls-client-keystore-alias");
            assertThat(d.displayName()).isEqualTo("acme");
            assertThat(d.secretOptionNames()).as("the transport options' passwords")
                    .containsExactly("tls-trust-password", "tls-client-key-password", "tls-client-keystore-password");
        }

        @Test
        @DisplayName("a provider may override a transport option's default")
        void overrideTransportOption() {
            ConfigOption mine = ConfigOption.builder("request-timeout", ConfigOption.Type.DURATION).defaultValue("3s").build();
            ProviderDescriptor d = ProviderDescriptor.builder("acme").option(mine).build();

            assertThat(d.option("request-timeout")).contains(mine);
            assertThat(d.options()).hasSize(ProviderDescriptor.TRANSPORT_OPTIONS.size());
        }

        @Test
        @DisplayName("an option declared twice is rejected")
        void duplicateOption() {
            ConfigOption o = ConfigOption.builder("app-id", ConfigOption.Type.STRING).build();
            assertThatThrownBy(() -> ProviderDescriptor.builder("acme").option(o).option(o))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'app-id' is declared twice");
        }

        @Test
        @DisplayName("a required option with a default is rejected, and so is a default of the wrong type")
        void requiredWithDefault() {
            assertThatThrownBy(() -> ConfigOption.builder("x", ConfigOption.Type.STRING).required().defaultValue("d").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("required and so cannot have a default");
            assertThatThrownBy(() -> ConfigOption.builder("x", ConfigOption.Type.INTEGER).defaultValue("many").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("default of option 'x'");
        }

        @Test
        @DisplayName("a secret option's default is masked in toString; secret names are listed")
        void secretOption() {
            ConfigOption o = ConfigOption.builder("pin", ConfigOption.Type.STRING).secret().defaultValue("0000-secret").build();
            ProviderDescriptor d = ProviderDescriptor.builder("acme").option(o).build();

            assertThat(o.toString()).contains("secret").doesNotContain("0000-secret");
            assertThat(d.secretOptionNames()).containsExactly("pin", "tls-trust-password", "tls-client-key-password",
                    "tls-client-keystore-password");
            assertThat(o.isSecret()).isTrue();
            assertThat(o.isRequired()).isFalse();
            assertThat(o.defaultValue()).contains("0000-secret");
        }
    }
}
