package dev.tokenkit.kafka;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handler's answers to Kafka's login callbacks, against real token endpoints on loopback
 * (FakeTokenServer and TestTokenEndpoint), without a broker.
 */
@Timeout(60)
class TokenLoginCallbackHandlerTest {
    private static final String SECRET = "very-secret-4b1d";

    @TempDir
    Path tmp;

    static List<AppConfigurationEntry> jaas(Map<String, String> options) {
        return List.of(new AppConfigurationEntry("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options));
    }

    /** An unsigned JWT with these claims and an expiry an hour away (the client never verifies signatures). */
    static String jwt(String claims, Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = claims.isEmpty() ? "{\"exp\":" + exp.getEpochSecond() + "}"
                : "{" + claims + ",\"exp\":" + exp.getEpochSecond() + "}";
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    /** A token endpoint (standard OAuth 2.0 answer) that issues this token to every request. */
    static FakeTokenServer issuing(String token) {
        FakeTokenServer server = FakeTokenServer.start();
        server.respondWith(r -> FakeResponse.ok("{\"access_token\":\"" + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        return server;
    }

    private Map<String, String> oauth2(FakeTokenServer server) throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret"), SECRET + "\n");
        return Map.of("provider", "oauth2", "token-url", server.baseUri().resolve("/token").toString(),
                "client-id", "orders", "client-secret", "@" + secret);
    }

    private static OAuthBearerTokenCallback login(TokenLoginCallbackHandler handler) throws Exception {
        OAuthBearerTokenCallback callback = new OAuthBearerTokenCallback();
        handler.handle(new Callback[] {callback});
        return callback;
    }

    @Test
    @DisplayName("JAAS-configured: a JWT's value, expiry, sub and scope; one token request for many logins")
    void jwtFromJaasOptions() throws Exception {
        Instant exp = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String token = jwt("\"sub\":\"orders-service\",\"scope\":\"kafka:write kafka:read\"", exp);
        try (FakeTokenServer server = issuing(token)) {
            TokenLoginCallbackHandler handler = new TokenLoginCallbackHandler();
            handler.configure(Map.of(), "OAUTHBEARER", jaas(oauth2(server)));
            try {
                OAuthBearerToken first = login(handler).token();
                OAuthBearerToken again = login(handler).token();

                assertThat(first.value()).isEqualTo(token);
                assertThat(first.principalName()).isEqualTo("orders-service");
                assertThat(first.scope()).containsExactlyInAnyOrder("kafka:write", "kafka:read");
                assertThat(first.lifetimeMs()).isEqualTo(exp.toEpochMilli());
                assertThat(first.startTimeMs()).isLessThanOrEqualTo(System.currentTimeMillis());
                assertThat(first.toString()).doesNotContain(token).contains("orders-service");
                assertThat(again.value()).isEqualTo(token);
                assertThat(server.requestCount()).as("the second login is a cache read").isEqualTo(1);
                assertThat(server.lastRequest().header("Authorization")).as("the secret read from its file, without the line break")
                        .contains("Basic " + Base64.getEncoder().encodeToString(("orders:" + SECRET).getBytes(StandardCharsets.UTF_8)));
                assertThat(handler.toString()).contains("oauth2").doesNotContain(SECRET);
            } finally {
                handler.close();
            }
        }
    }

    @Test
    @DisplayName("the claims Kafka's sasl.oauthbearer.sub.claim.name and scope.claim.name name; a scope array")
    void configuredClaimNames() throws Exception {
        String token = jwt("\"sub\":\"x\",\"client_id\":\"billing\",\"scp\":[\"read\",\"write\"]",
                Instant.now().plus(1, ChronoUnit.HOURS));
        try (FakeTokenServer server = issuing(token)) {
            TokenLoginCallbackHandler handler = new TokenLoginCallbackHandler();
            handler.configure(Map.of(SaslConfigs.SASL_OAUTHBEARER_SUB_CLAIM_NAME, "client_id",
                    SaslConfigs.SASL_OAUTHBEARER_SCOPE_CLAIM_NAME, "scp"), "OAUTHBEARER", jaas(oauth2(server)));
            try {
                OAuthBearerToken answer = login(handler).token();

                assertThat(answer.principalName()).isEqualTo("billing");
                assertThat(answer.scope()).containsExactlyInAnyOrder("read", "write");
            } finally {
                handler.close();
            }
        }
    }

    @Test
    @DisplayName("handed a source: an opaque token needs the principal option, and the handler never closes the source")
    void opaqueTokenFromGivenSource() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); TokenSource source = endpoint.sourceBuilder().build()) {
            TokenLoginCallbackHandler anonymous = new TokenLoginCallbackHandler(source);
            anonymous.configure(Map.of(), "OAUTHBEARER", jaas(Map.of()));
            OAuthBearerTokenCallback refused = login(anonymous);
            AccessToken token = source.token();

            assertThat(refused.token()).isNull();
            assertThat(refused.errorCode()).isEqualTo("invalid_token");
            assertThat(refused.errorDescription()).contains("names no principal", "principal=", token.fingerprint())
                    .doesNotContain(token.value());

            TokenLoginCallbackHandler named = new TokenLoginCallbackHandler(source);
            named.configure(Map.of(), "OAUTHBEARER", jaas(Map.of("principal", "orders-service")));
            OAuthBearerToken answer = login(named).token();
            named.close();

            assertThat(answer.value()).isEqualTo(token.value());
            assertThat(answer.principalName()).isEqualTo("orders-service");
            assertThat(answer.scope()).isEmpty();
            assertThat(answer.lifetimeMs()).isEqualTo(token.expiresAt().orElseThrow().toEpochMilli());
            assertThat(source.token()).as("the given source is still open").isEqualTo(token);
            assertThat(endpoint.requestCount()).isEqualTo(1);
            assertThatThrownBy(() -> login(named)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    @DisplayName("the token endpoint refuses the credentials: Kafka's login fails with invalid_client, the provider named, no secret")
    void refusedCredentials() throws Exception {
        try (FakeTokenServer server = FakeTokenServer.start()) {
            server.respondWith(r -> FakeResponse.status(401).json("{\"error\":\"invalid_client\"}"));
            TokenLoginCallbackHandler handler = new TokenLoginCallbackHandler();
            handler.configure(Map.of(), "OAUTHBEARER", jaas(oauth2(server)));
            try {
                OAuthBearerTokenCallback answer = login(handler);

                assertThat(answer.token()).isNull();
                assertThat(answer.errorCode()).isEqualTo("invalid_client");
                assertThat(answer.errorDescription()).contains("provider 'oauth2'", "Kafka login").doesNotContain(SECRET);
                assertThat(server.requestCount()).as("not retried: credentials do not heal").isEqualTo(1);
            } finally {
                handler.close();
            }
        }
    }

    @Test
    @DisplayName("through Kafka's own login module: a producer that cannot log in fails to construct, saying why")
    void producerFailsToConstruct() throws Exception {
        try (FakeTokenServer server = FakeTokenServer.start()) {
            server.respondWith(r -> FakeResponse.status(401).json("{\"error\":\"invalid_client\"}"));
            StringBuilder options = new StringBuilder();
            oauth2(server).forEach((k, v) -> options.append(k).append("=\"").append(v).append("\" "));

            assertThatThrownBy(() -> KafkaClients.producer(KafkaClients.sasl("127.0.0.1:9", TokenLoginCallbackHandler.class,
                    options.toString())).close())
                    .isInstanceOf(KafkaException.class)
                    .rootCause().hasMessageContaining("tokenkit has no token from provider 'oauth2' for the Kafka login")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    @DisplayName("extension_* options are SASL extensions, checked when configured")
    void extensions() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); TokenSource source = endpoint.sourceBuilder().build()) {
            TokenLoginCallbackHandler handler = new TokenLoginCallbackHandler(source);
            handler.configure(Map.of(), "OAUTHBEARER", jaas(Map.of("extension_logicalCluster", "lkc-1",
                    "extension_identityPoolId", "pool-2")));
            SaslExtensionsCallback callback = new SaslExtensionsCallback();
            handler.handle(new Callback[] {callback});

            assertThat(callback.extensions().map()).containsOnly(Map.entry("logicalCluster", "lkc-1"),
                    Map.entry("identityPoolId", "pool-2"));
            assertThat(endpoint.requestCount()).as("extensions need no token").isZero();
            assertThatThrownBy(() -> handler.handle(new Callback[] {new NameCallback("user")}))
                    .isInstanceOf(UnsupportedCallbackException.class);
            assertThatThrownBy(() -> new TokenLoginCallbackHandler(source).configure(Map.of(), "OAUTHBEARER",
                    jaas(Map.of("extension_auth", "x")))).isInstanceOf(ConfigException.class).hasMessageContaining("'auth'");
            assertThatThrownBy(() -> new TokenLoginCallbackHandler(source).configure(Map.of(), "OAUTHBEARER",
                    jaas(Map.of("extension_pool", "a\u0000b")))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("extension_pool");
        }
    }

    @Test
    @DisplayName("configuration errors name the problem and the fix, never a secret")
    void configurationErrors() throws Exception {
        assertThatThrownBy(() -> new TokenLoginCallbackHandler().configure(Map.of(), "PLAIN", jaas(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.mechanism=OAUTHBEARER");
        assertThatThrownBy(() -> new TokenLoginCallbackHandler().configure(Map.of(), "OAUTHBEARER", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one login module");
        assertThatThrownBy(() -> new TokenLoginCallbackHandler().configure(Map.of(), "OAUTHBEARER", jaas(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("provider=\"oauth2\"").hasMessageContaining("oauth2");
        assertThatThrownBy(() -> new TokenLoginCallbackHandler().configure(Map.of(), "OAUTHBEARER",
                jaas(Map.of("provider", "oauth2", "client-id", "orders", "client-secret", SECRET))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("provider 'oauth2'")
                .hasMessageContaining("token-url").hasMessageNotContaining(SECRET);
        Path missing = tmp.resolve("no-such-secret");
        assertThatThrownBy(() -> new TokenLoginCallbackHandler().configure(Map.of(), "OAUTHBEARER",
                jaas(Map.of("provider", "oauth2", "client-secret", "@" + missing))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client-secret").hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); TokenSource source = endpoint.sourceBuilder().build()) {
            assertThatThrownBy(() -> new TokenLoginCallbackHandler(source).configure(Map.of(), "OAUTHBEARER",
                    jaas(Map.of("provider", "oauth2", "client-secret", SECRET))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("handed a token source")
                    .hasMessageContaining("client-secret").hasMessageNotContaining(SECRET);
            assertThatThrownBy(() -> login(new TokenLoginCallbackHandler(source)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
        }
    }

    @Test
    @DisplayName("the provider's options come from the environment too, the JAAS options winning; @@ escapes an @")
    void environmentAndEscapes() {
        LoginOptions options = LoginOptions.parse(Map.of("provider", "oauth2", "client-id", "@@orders"),
                Map.of("TOKENKIT_OAUTH2_CLIENT_SECRET", SECRET, "TOKENKIT_OAUTH2_CLIENT_ID", "env-id"));

        assertThat(options.providerConfig("oauth2").find("client-id")).contains("@orders");
        assertThat(options.providerConfig("oauth2").findSecret("client-secret").orElseThrow().reveal()).isEqualTo(SECRET);
        assertThat(options.providerOptionNames()).containsExactly("client-id");
    }
}
