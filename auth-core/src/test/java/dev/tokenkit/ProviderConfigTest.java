package dev.tokenkit;

import dev.tokenkit.testsupport.Leaks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("ProviderConfig")
class ProviderConfigTest {

    /** A descriptor with one option of every type, one secret and one required option. */
    static final ProviderDescriptor ACME = ProviderDescriptor.builder("acme")
            .option(ConfigOption.builder("app-id", ConfigOption.Type.STRING).required().description("The app id.").build())
            .option(ConfigOption.builder("app-secret", ConfigOption.Type.STRING).required().secret().build())
            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).defaultValue("https://api.acme.test").build())
            .option(ConfigOption.builder("grace", ConfigOption.Type.DURATION).defaultValue("30s").build())
            .option(ConfigOption.builder("retries", ConfigOption.Type.INTEGER).defaultValue("3").build())
            .option(ConfigOption.builder("verbose", ConfigOption.Type.BOOLEAN).defaultValue("false").build())
            .option(ConfigOption.builder("pin", ConfigOption.Type.INTEGER).secret().build())
            .build();

    static ProviderConfig.Builder valid() {
        return ProviderConfig.builder().put("app-id", "my-app").putSecret("app-secret", "s3cr3t-value");
    }

    @Nested
    @DisplayName("building")
    class Building {
        @Test
        @DisplayName("the builder keeps options in insertion order and holds putSecret values as Secret")
        void builder() {
            ProviderConfig c = ProviderConfig.builder().put("b", "2").putSecret("a", "hidden-1").build();

            assertThat(c.names()).containsExactly("b", "a");
            assertThat(c.has("a")).isTrue();
            assertThat(c.has("zzz")).isFalse();
            assertThat(c.string("b")).isEqualTo("2");
            assertThat(c.secret("a").reveal()).isEqualTo("hidden-1");
            assertThat(c.providerId()).isEmpty();
            assertThat(c.toString()).contains("a=****").doesNotContain("hidden-1");
        }

        @Test
        @DisplayName("before validation toString masks every value, since nothing yet says which are secret")
        void unvalidatedToStringMasksEverything() {
            ProviderConfig c = ProviderConfig.fromProperties(props("app-secret", "plain-secret-1", "app-id", "id-1"));

            assertThat(c.toString()).contains("app-secret=****", "app-id=****").doesNotContain("plain-secret-1");
        }

        @Test
        @DisplayName("of(Map) keeps Secret values secret and takes other values as their toString")
        void ofMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("retries", 5);
            m.put("app-secret", Secret.of("from-map-secret"));
            ProviderConfig c = ProviderConfig.of(m);

            assertThat(c.string("retries")).isEqualTo("5");
            assertThat(c.integer("retries")).isEqualTo(5);
            assertThat(c.secret("app-secret").reveal()).isEqualTo("from-map-secret");
            assertThat(c.toString()).doesNotContain("from-map-secret");
        }

        @Test
        @DisplayName("fromProperties trims names and values")
        void fromProperties() {
            Properties p = new Properties();
            p.setProperty(" app-id ", " my-app ");
            p.setProperty("grace", "2m");

            ProviderConfig c = ProviderConfig.fromProperties(p);

            assertThat(c.string("app-id")).isEqualTo("my-app");
            assertThat(c.duration("grace")).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        @DisplayName("fromEnvironment maps TOKENKIT_SYMBL_APP_ID to app-id and ignores other providers' variables")
        void fromEnvironment() {
            Map<String, String> env = Map.of(
                    "TOKENKIT_SYMBL_APP_ID", "sym-app",
                    "TOKENKIT_SYMBL_APP_SECRET", "sym-secret",
                    "TOKENKIT_SINGLEVIEW_CLIENT_ID", "sv-client",
                    "TOKENKIT_SYMBL_", "no-option-name",
                    "PATH", "/usr/bin",
                    "tokenkit_symbl_lower", "ignored");

            ProviderConfig c = ProviderConfig.fromEnvironment("symbl", env);

            assertThat(c.names()).containsExactlyInAnyOrder("app-id", "app-secret");
            assertThat(c.string("app-id")).isEqualTo("sym-app");
        }

        @Test
        @DisplayName("fromEnvironment handles ids with dashes (TOKENKIT_ACME_SSO_CLIENT_ID)")
        void fromEnvironmentDashedId() {
            ProviderConfig c = ProviderConfig.fromEnvironment("acme-sso", Map.of(
                    "TOKENKIT_ACME_SSO_CLIENT_ID", "cid", "TOKENKIT_ACME_CLIENT_ID", "other"));

            assertThat(c.names()).containsExactly("client-id");
            assertThat(c.string("client-id")).isEqualTo("cid");
        }

        @Test
        @DisplayName("environmentVariable upper-cases and turns dashes into underscores")
        void environmentVariable() {
            assertThat(ProviderConfig.environmentVariable("symbl", "app-id")).isEqualTo("TOKENKIT_SYMBL_APP_ID");
            assertThat(ProviderConfig.environmentVariable("acme-sso", "max-response-bytes"))
                    .isEqualTo("TOKENKIT_ACME_SSO_MAX_RESPONSE_BYTES");
            assertThat(ACME.option("app-id").orElseThrow().environmentVariable("acme")).isEqualTo("TOKENKIT_ACME_APP_ID");
        }

        @Test
        @DisplayName("withOverrides: the overriding configuration wins, other options are kept")
        void withOverrides() {
            ProviderConfig file = ProviderConfig.builder().put("app-id", "from-file").put("grace", "5s").build();
            ProviderConfig env = ProviderConfig.builder().put("app-id", "from-env").build();

            ProviderConfig c = file.withOverrides(env);

            assertThat(c.string("app-id")).isEqualTo("from-env");
            assertThat(c.string("grace")).isEqualTo("5s");
            assertThat(env.withOverrides(file).string("app-id")).isEqualTo("from-file");
        }

        @Test
        @DisplayName("find() of a secret option throws, secret() reveals it only on request")
        void findSecretThrows() {
            ProviderConfig c = valid().build();

            assertThatThrownBy(() -> c.find("app-secret"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("secret(\"app-secret\")");
            assertThat(c.find("app-id")).contains("my-app");
            assertThat(c.find("absent")).isEmpty();
            assertThat(c.findSecret("absent")).isEmpty();
            assertThat(c.secret("app-secret").reveal()).isEqualTo("s3cr3t-value");
        }

        @Test
        @DisplayName("a missing option read with a typed getter names the option")
        void missingTyped() {
            assertThatThrownBy(() -> ProviderConfig.empty().duration("grace"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'grace' is not set");
        }
    }

    @Nested
    @DisplayName("durations")
    class Durations {
        @ParameterizedTest(name = "{0} is {1} ms")
        @CsvSource({"30s, 30000", "500ms, 500", "5m, 300000", "2h, 7200000", "1d, 86400000", "PT30S, 30000",
                "pt1m, 60000", "45, 45000", "' 10s ', 10000", "10 s, 10000"})
        @DisplayName("accepted forms")
        void forms(String raw, long millis) {
            ProviderConfig c = ProviderConfig.builder().put("grace", raw).build();
            assertThat(c.duration("grace")).isEqualTo(Duration.ofMillis(millis));
            assertThat(valid().put("grace", raw).build().validate(ACME).duration("grace")).isEqualTo(Duration.ofMillis(millis));
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"abc", "1.5s", "-5s", "0", "0s", "PT0S", "PT-5S", "5 weeks", "", "1000000d",
                "999999999999d", "PT2562047788015215H"})
        @DisplayName("rejected forms")
        void rejected(String raw) {
            assertThatThrownBy(() -> ProviderConfig.builder().put("grace", raw).build().duration("grace"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'grace'");
        }
    }

    @Test
    @DisplayName("uri(name, path) joins a base URL and an endpoint path with one slash, whatever either brings")
    void uriWithPath() {
        for (String base : List.of("https://api.acme.test/v2", "https://api.acme.test/v2/", "https://api.acme.test/v2//")) {
            ProviderConfig c = ProviderConfig.builder().put("base-url", base).build();
            assertThat(c.uri("base-url", "/oauth/token")).hasToString("https://api.acme.test/v2/oauth/token");
            assertThat(c.uri("base-url", "oauth/token")).hasToString("https://api.acme.test/v2/oauth/token");
        }
        assertThatThrownBy(() -> ProviderConfig.empty().uri("base-url", "/token"))
                .isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("base-url");
    }

    @Nested
    @DisplayName("validate(descriptor)")
    class Validate {
        @Test
        @DisplayName("fills in defaults, trims values, holds secrets as Secret and records the provider id")
        void defaultsAndSecrets() {
            ProviderConfig c = ProviderConfig.builder().put("app-id", " my-app ").put("app-secret", "plain-secret")
                    .build().validate(ACME);

            assertThat(c.providerId()).contains("acme");
            assertThat(c.string("app-id")).isEqualTo("my-app");
            assertThat(c.uri("base-url")).isEqualTo(URI.create("https://api.acme.test"));
            assertThat(c.duration("grace")).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.integer("retries")).isEqualTo(3);
            assertThat(c.bool("verbose")).isFalse();
            assertThat(c.duration("request-timeout")).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.duration("connect-timeout")).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.integer("max-response-bytes")).isEqualTo(65536);
            assertThat(c.has("pin")).isFalse();
            assertThatThrownBy(() -> c.find("app-secret")).isInstanceOf(ProviderConfigurationException.class);
            assertThat(c.secret("app-secret").reveal()).isEqualTo("plain-secret");
            assertThat(c.toString()).contains("app-secret=****").doesNotContain("plain-secret");
        }

        @Test
        @DisplayName("a missing required option names the option and its environment variable")
        void missingRequired() {
            assertThatThrownBy(() -> ProviderConfig.builder().putSecret("app-secret", "x1234").build().validate(ACME))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("missing required option 'app-id'")
                    .hasMessageContaining("TOKENKIT_ACME_APP_ID");
        }

        @Test
        @DisplayName("a blank required value counts as missing")
        void blankRequired() {
            assertThatThrownBy(() -> valid().put("app-id", "  ").build().validate(ACME))
                    .hasMessageContaining("missing required option 'app-id'");
            assertThatThrownBy(() -> valid().putSecret("app-secret", "").build().validate(ACME))
                    .hasMessageContaining("missing required option 'app-secret'")
                    .hasMessageContaining("TOKENKIT_ACME_APP_SECRET");
        }

        @Test
        @DisplayName("an unknown option suggests the nearest known one")
        void unknownOption() {
            assertThatThrownBy(() -> valid().put("app_id", "x").build().validate(ACME))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("unknown option 'app_id'; did you mean 'app-id'?");
            assertThatThrownBy(() -> valid().put("requst-timeout", "1s").build().validate(ACME))
                    .hasMessageContaining("did you mean 'request-timeout'?");
            assertThatThrownBy(() -> valid().put("zzzzzzzzzz", "1").build().validate(ACME))
                    .hasMessageContaining("unknown option 'zzzzzzzzzz'")
                    .hasMessageNotContaining("did you mean");
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({"grace, 10 parsecs, '30s'", "retries, three, 'use e.g. 3'", "retries, -1, 'negative'",
                "verbose, yes, 'true or false'", "base-url, not a uri, 'https://api.example.com'",
                "base-url, /relative/path, 'https://api.example.com'",
                "base-url, https://api.acme.test/x?key=1, 'query'"})
        @DisplayName("a value of the wrong type is quoted with an example of the right form")
        void typeErrors(String option, String value, String hint) {
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> valid().put(option, value).build().validate(ACME));

            assertThat(e).hasMessageContaining("option '" + option + "'")
                    .hasMessageContaining("'" + value + "'")
                    .hasMessageContaining(hint);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"https://user:PASSWORD-1@api.acme.test/v1", "http://:PASSWORD-1@127.0.0.1:8080",
                "https://PASSWORD-1@api.acme.test", "https://user:PASSWORD-1@api.acme.test:notaport/x"})
        @DisplayName("a URI with user-info is a configuration error that never quotes it, nor does the config")
        void userInfoRejected(String uri) {
            ProviderConfig config = valid().put("base-url", uri).build();
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> config.validate(ACME));

            assertThat(e).hasMessageContaining("option 'base-url' carries credentials before its host")
                    .hasMessageContaining("set the provider's own credential options")
                    .hasMessageNotContaining("PASSWORD-1");
            assertThat(config.toString()).doesNotContain("PASSWORD-1");
        }

        @Test
        @DisplayName("an invalid value of a secret option is never quoted")
        void secretValueNeverQuoted() {
            String secretPin = "not-a-number-s3cr3t";
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> valid().putSecret("pin", secretPin).build().validate(ACME));

            assertThat(e).hasMessageContaining("option 'pin' (secret) is not valid");
            Leaks.assertNoLeak(e, secretPin);
            ProviderConfigurationException plain = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> valid().put("pin", secretPin).build().validate(ACME));
            Leaks.assertNoLeak(plain, secretPin);
        }

        @Test
        @DisplayName("no configuration error shows a secret value: not the valid secret, nor a secret given to an unknown option")
        void configurationErrorsHideSecrets() {
            String misspelt = "misspelt-secret-value-7";
            ProviderConfig bad = valid().put("app-id", "").put("app_secret", misspelt).put("grace", "soon")
                    .put("retries", "-1").put("verbose", "maybe").put("base-url", "http://api.acme.test").build();

            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> bad.validate(ACME));

            assertThat(e.getMessage()).contains("missing required option 'app-id'", "unknown option 'app_secret'",
                    "option 'grace'", "option 'retries'", "option 'verbose'", "option 'base-url' is plain http");
            Leaks.assertNoLeak(e, "s3cr3t-value", misspelt);
            assertThat(bad.toString()).doesNotContain("s3cr3t-value", misspelt);
        }

        @Test
        @DisplayName("all problems are reported in one exception")
        void allProblemsAtOnce() {
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> ProviderConfig.builder().put("app_id", "x").put("grace", "soon").put("verbose", "maybe")
                            .put("base-url", "http://api.acme.test").build().validate(ACME));

            assertThat(e.getMessage()).contains("unknown option 'app_id'", "missing required option 'app-id'",
                    "missing required option 'app-secret'", "option 'grace'", "option 'verbose'", "option 'base-url'");
            assertThat(e.providerId()).contains("acme");
            assertThat(e.isRetryable()).isFalse();
        }

        @Test
        @DisplayName("plain http to a non-loopback host is refused unless allow-insecure-http=true")
        void insecureHttp() {
            assertThatThrownBy(() -> valid().put("base-url", "http://api.acme.test").build().validate(ACME))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("option 'base-url' is plain http to 'api.acme.test'")
                    .hasMessageContaining("allow-insecure-http=true");
            assertThat(valid().put("base-url", "http://api.acme.test").put("allow-insecure-http", "true").build()
                    .validate(ACME).uri("base-url")).isEqualTo(URI.create("http://api.acme.test"));
            assertThatThrownBy(() -> valid().put("base-url", "ftp://api.acme.test").build().validate(ACME))
                    .hasMessageContaining("scheme 'ftp'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:1234/base", "http://127.1.2.3",
                "http://[::1]:9000", "http://auth.localhost", "HTTP://LOCALHOST"})
        @DisplayName("plain http to loopback is allowed")
        void loopbackHttpAllowed(String uri) {
            assertThat(valid().put("base-url", uri).build().validate(ACME).uri("base-url")).isEqualTo(URI.create(uri));
        }

        @Test
        @DisplayName("an invalid secret value for a non-secret type does not leak through unknown-option errors either")
        void unknownSecretOption() {
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> valid().putSecret("app-secrte", "leaky-unknown-value").build().validate(ACME));
            assertThat(e).hasMessageContaining("did you mean 'app-secret'?");
            Leaks.assertNoLeak(e, "leaky-unknown-value", "s3cr3t-value");
        }
    }

    private static java.util.Properties props(String... kv) {
        java.util.Properties p = new java.util.Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
    @Nested
    @DisplayName("a secret given as a supplier")
    class Supplied {
        @Test
        @DisplayName("is asked at every use, never by validate, and masked everywhere")
        void askedAtEveryUse() {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            java.util.function.Supplier<String> rotating = () -> "rotating-value-" + calls.incrementAndGet();
            ProviderConfig config = ProviderConfig.builder().put("app-id", "my-app").putSecret("app-secret", rotating)
                    .build().validate(ACME);

            assertThat(calls).hasValue(0);
            assertThat(config.isSecret("app-secret")).isTrue();
            assertThat(config.isSupplied("app-secret")).isTrue();
            assertThat(config.isSupplied("app-id")).isFalse();
            assertThat(config.secret("app-secret").reveal()).isEqualTo("rotating-value-1");
            assertThat(config.secret("app-secret").reveal()).isEqualTo("rotating-value-2");
            assertThat(config.toString()).doesNotContain("rotating-value").contains("app-secret=****");
            assertThatThrownBy(() -> config.find("app-secret")).hasMessageContaining("is secret");
            assertThat(config).isEqualTo(ProviderConfig.builder().put("app-id", "my-app")
                    .putSecret("app-secret", rotating).build().validate(ACME));
            assertThat(config).isNotEqualTo(ProviderConfig.builder().put("app-id", "my-app")
                    .putSecret("app-secret", () -> "rotating-value-1").build().validate(ACME));
            assertThat(calls).hasValue(2);
        }

        @Test
        @DisplayName("a token key leaves its value out: the same key whatever the supplier gives")
        void tokenKeyIsStable() {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            ProviderConfig config = ProviderConfig.builder().put("app-id", "my-app")
                    .putSecret("app-secret", () -> "value-" + calls.incrementAndGet()).build().validate(ACME);

            assertThat(dev.tokenkit.spi.TokenKey.of("acme", config)).isEqualTo(dev.tokenkit.spi.TokenKey.of("acme", config));
            assertThat(calls).hasValue(0);
        }

        @Test
        @DisplayName("for an option that is not secret, or giving null: errors naming the option")
        void misuse() {
            assertThatThrownBy(() -> valid().putSecret("base-url", () -> "https://x.test").build().validate(ACME))
                    .hasMessageContaining("option 'base-url' is given as a supplier, which only a secret option takes");
            ProviderConfig nulls = ProviderConfig.builder().put("app-id", "my-app").putSecret("app-secret", () -> null)
                    .build().validate(ACME);
            assertThatThrownBy(() -> nulls.secret("app-secret"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("option 'app-secret': its supplier gave null");
        }
    }

}
