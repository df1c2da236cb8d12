package dev.tokenkit.oauth2;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The token endpoint found from the issuer's metadata: RFC 8414, the OpenID Connect fallback, caching and every failure. */
class IssuerDiscoveryTest {
    private static final String TOKEN = "{\"access_token\":\"opaque-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private final ManualClock clock = ManualClock.at(java.time.Instant.now());
    private final TokenProviders providers = TokenProviders.load().withClock(clock);

    private TokenProvider provider(URI issuer, UnaryOperator<ProviderConfig.Builder> more) {
        return providers.provider("oauth2", more.apply(ProviderConfig.builder()
                .put("issuer", issuer.toString())
                .put("client-id", OAuth2Emulator.DEMO_CLIENT_ID)
                .putSecret("client-secret", OAuth2Emulator.DEMO_CLIENT_SECRET)).build());
    }

    private static List<String> lines(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    @Nested
    @DisplayName("against the emulator's RFC 8414 metadata")
    class Emulator {
        private OAuth2Emulator emulator;

        @AfterEach
        void stop() {
            emulator.close();
        }

        @Test
        @DisplayName("the first fetch reads the metadata, then posts to the token endpoint it names")
        void discovers() {
            emulator = OAuth2Emulator.builder().clock(clock).start();
            TokenProvider provider = provider(emulator.issuer(), UnaryOperator.identity());

            AccessToken token = provider.fetch();

            assertThat(token.type()).isEqualTo("Bearer");
            List<RecordedRequest> requests = emulator.server().requests();
            assertThat(lines(requests)).containsExactly("GET /.well-known/oauth-authorization-server", "POST /oauth2/token");
            assertThat(requests.get(0).header("Accept")).contains("application/json");
            assertThat(requests.get(0).bodyBytes()).isEmpty();
            assertThat(provider.toString()).contains("issuer=" + emulator.issuer(),
                    "token endpoint " + emulator.tokenEndpoint());
        }

        @Test
        @DisplayName("an issuer with a path: the well-known segment goes between host and path (RFC 8414 3.1)")
        void issuerWithPath() {
            emulator = OAuth2Emulator.builder().clock(clock).issuerPath("/realms/demo").start();

            provider(emulator.issuer(), UnaryOperator.identity()).fetch();

            assertThat(lines(emulator.server().requests())).containsExactly(
                    "GET /.well-known/oauth-authorization-server/realms/demo", "POST /realms/demo/oauth2/token");
        }

        @Test
        @DisplayName("discovered once per provider: one metadata request over ten fetches")
        void cached() {
            emulator = OAuth2Emulator.builder().clock(clock).start();
            TokenProvider provider = provider(emulator.issuer(), UnaryOperator.identity());

            for (int i = 0; i < 10; i++) {
                provider.fetch();
            }

            List<String> requests = lines(emulator.server().requests());
            assertThat(requests).hasSize(11).first().isEqualTo("GET /.well-known/oauth-authorization-server");
            assertThat(requests.subList(1, 11)).containsOnly("POST /oauth2/token");
        }

        @Test
        @DisplayName("a 503 on the metadata is retryable and not kept: the next fetch discovers again")
        void unavailableThenRecovered() {
            emulator = OAuth2Emulator.builder().clock(clock).start();
            emulator.server().enqueue(FakeResponse.status(503).json("{\"message\":\"down\"}"));
            TokenProvider provider = provider(emulator.issuer(), UnaryOperator.identity());

            ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, provider::fetch);
            provider.fetch();

            assertThat(e.isRetryable()).isTrue();
            assertThat(e.httpStatus()).hasValue(503);
            assertThat(e).hasMessageContaining("issuer discovery: GET " + emulator.metadataEndpoint() + " answered HTTP 503");
            assertThat(lines(emulator.server().requests())).containsExactly("GET /.well-known/oauth-authorization-server",
                    "GET /.well-known/oauth-authorization-server", "POST /oauth2/token");
        }

        @Test
        @DisplayName("through a TokenSource, the engine retries a 502 on the metadata and the token arrives")
        void engineRetries() {
            emulator = OAuth2Emulator.start();
            emulator.server().enqueue(FakeResponse.status(502));
            try (TokenSource source = TokenProviders.load().source("oauth2", ProviderConfig.builder()
                    .put("issuer", emulator.issuer().toString())
                    .put("client-id", OAuth2Emulator.DEMO_CLIENT_ID)
                    .putSecret("client-secret", OAuth2Emulator.DEMO_CLIENT_SECRET).build())) {
                assertThat(source.token().type()).isEqualTo("Bearer");
            }
            assertThat(emulator.server().requestCount()).isEqualTo(3);
            assertThat(emulator.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("a server that lacks the configured auth method: an error naming what it supports and the switch")
        void authMethodNotSupported() {
            emulator = OAuth2Emulator.builder().clock(clock)
                    .authMethods(OAuth2Emulator.ClientAuthentication.CLIENT_SECRET_POST).start();

            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    provider(emulator.issuer(), UnaryOperator.identity())::fetch);

            assertThat(e).hasMessageContaining("lists token_endpoint_auth_methods_supported [client_secret_post] without"
                    + " client_secret_basic; set auth-method=client_secret_post");
            assertThat(lines(emulator.server().requests())).containsExactly("GET /.well-known/oauth-authorization-server");
            provider(emulator.issuer(), b -> b.put("auth-method", "client_secret_post")).fetch();
        }
    }

    @Nested
    @DisplayName("against scripted metadata")
    class Scripted {
        private final FakeTokenServer server = FakeTokenServer.start();

        @AfterEach
        void stop() {
            server.close();
        }

        /** Serves {@code metadata} at {@code path} (404 elsewhere) and a token at /tenant/token. */
        private void serve(String path, String metadata) {
            server.respondWith(request -> {
                if (request.path().equals(path)) {
                    return FakeResponse.ok(metadata);
                }
                if (request.path().equals("/tenant/token")) {
                    return FakeResponse.ok(TOKEN);
                }
                return FakeResponse.status(404).json("{\"error\":\"not_found\"}");
            });
        }

        private String metadata(String issuer, String more) {
            return "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + server.baseUri() + "/tenant/token\"" + more + "}";
        }

        private URI tenant() {
            return URI.create(server.baseUri() + "/tenant");
        }

        private ProviderConfigurationException misconfigured(URI issuer, UnaryOperator<ProviderConfig.Builder> more) {
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    provider(issuer, more)::fetch);
            assertThat(e).as("a configuration error").isNotNull();
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).doesNotContain(OAuth2Emulator.DEMO_CLIENT_SECRET);
            return e;
        }

        @Test
        @DisplayName("RFC 8414's address answers 404: OpenID Connect's {issuer}/.well-known/openid-configuration is read")
        void openIdFallback() {
            serve("/tenant/.well-known/openid-configuration", metadata(tenant().toString(),
                    ",\"grant_types_supported\":[\"authorization_code\",\"client_credentials\"]"));

            assertThat(provider(tenant(), UnaryOperator.identity()).fetch().value()).isEqualTo("opaque-1");
            assertThat(lines(server.requests())).containsExactly("GET /.well-known/oauth-authorization-server/tenant",
                    "GET /tenant/.well-known/openid-configuration", "POST /tenant/token");
        }

        @Test
        @DisplayName("an issuer with a trailing slash: slash dropped in the addresses, kept in the comparison (Auth0's shape)")
        void trailingSlash() {
            URI issuer = URI.create(server.baseUri() + "/");
            serve("/.well-known/openid-configuration", metadata(issuer.toString(), ""));

            provider(issuer, UnaryOperator.identity()).fetch();

            assertThat(lines(server.requests())).containsExactly("GET /.well-known/oauth-authorization-server",
                    "GET /.well-known/openid-configuration", "POST /tenant/token");
            ProviderConfigurationException e = misconfigured(server.baseUri(), UnaryOperator.identity());
            assertThat(e).hasMessageContaining("names issuer '" + issuer + "', but option 'issuer' is '" + server.baseUri()
                    + "'").hasMessageContaining("(a trailing slash counts): set issuer=" + issuer);
        }

        @Test
        @DisplayName("no metadata at either address: a configuration error naming both, after exactly two requests")
        void noMetadata() {
            serve("/nowhere", "{}");

            ProviderConfigurationException e = misconfigured(tenant(), UnaryOperator.identity());

            assertThat(e).hasMessageContaining("no authorization server metadata for issuer " + tenant())
                    .hasMessageContaining("GET " + server.baseUri() + "/.well-known/oauth-authorization-server/tenant"
                            + " answered HTTP 404 and GET " + tenant() + "/.well-known/openid-configuration HTTP 404")
                    .hasMessageContaining("or set 'token-url'");
            assertThat(server.requestCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("an issuer that differs from the configured one (RFC 8414 3.3): a configuration error quoting both")
        void issuerMismatch() {
            serve("/.well-known/oauth-authorization-server/tenant", metadata("https://evil.example.com/tenant", ""));

            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("names issuer 'https://evil.example.com/tenant', but option 'issuer' is '"
                            + tenant() + "'; RFC 8414 section 3.3 requires them to be identical");
            assertThat(server.requestCount()).as("no token request to a server of another issuer").isEqualTo(1);
        }

        @Test
        @DisplayName("no token_endpoint, or one that is not absolute: a configuration error naming the member and token-url")
        void tokenEndpointMissing() {
            serve("/.well-known/oauth-authorization-server/tenant", "{\"issuer\":\"" + tenant() + "\"}");
            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("has no 'token_endpoint'").hasMessageContaining("set option 'token-url'");

            serve("/.well-known/oauth-authorization-server/tenant", "{\"issuer\":\"" + tenant()
                    + "\",\"token_endpoint\":\"/tenant/token\"}");
            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("has 'token_endpoint' '/tenant/token', which is not an absolute URI");
        }

        @Test
        @DisplayName("a plain http token_endpoint on another host needs allow-insecure-http")
        void insecureTokenEndpoint() {
            String other = "http://localhost:" + server.baseUri().getPort() + "/tenant/token";
            serve("/.well-known/oauth-authorization-server/tenant", "{\"issuer\":\"" + tenant()
                    + "\",\"token_endpoint\":\"" + other + "\"}");

            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("has 'token_endpoint' http://localhost, which is not https")
                    .hasMessageContaining("allow-insecure-http=true");
            assertThat(provider(tenant(), b -> b.put("allow-insecure-http", "true")).fetch().value()).isEqualTo("opaque-1");
        }

        @Test
        @DisplayName("grant_types_supported without client_credentials: a configuration error listing what it supports")
        void grantNotSupported() {
            serve("/.well-known/oauth-authorization-server/tenant", metadata(tenant().toString(),
                    ",\"grant_types_supported\":[\"authorization_code\",\"implicit\"]"));

            assertThat(misconfigured(tenant(), UnaryOperator.identity())).hasMessageContaining(
                    "lists grant_types_supported [authorization_code, implicit] without client_credentials");
        }

        @Test
        @DisplayName("neither secret method listed: a configuration error saying so; a member of the wrong type too")
        void noSecretMethod() {
            serve("/.well-known/oauth-authorization-server/tenant", metadata(tenant().toString(),
                    ",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"tls_client_auth\"]"));
            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("lists token_endpoint_auth_methods_supported [private_key_jwt, tls_client_auth]"
                            + " without client_secret_basic; set auth-method to a method it lists, with that method's"
                            + " credentials");

            serve("/.well-known/oauth-authorization-server/tenant", metadata(tenant().toString(),
                    ",\"grant_types_supported\":\"client_credentials\""));
            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("has a 'grant_types_supported' that is not an array of strings");
        }

        @Test
        @DisplayName("a 200 that is not JSON (a web page): a configuration error, no fallback")
        void notJson() {
            server.respondWith(request -> FakeResponse.status(200).header("Content-Type", "text/html")
                    .body("<html>welcome</html>"));

            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("(HTTP 200, text/html) is not a JSON object");
            assertThat(server.requestCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("a redirect is not followed: a configuration error naming where it pointed")
        void redirect() {
            server.respondWith(request -> FakeResponse.status(301)
                    .header("Location", "https://login.example.com/.well-known/oauth-authorization-server"));

            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("answered HTTP 301 with a redirect to https://login.example.com/")
                    .hasMessageContaining("tokenkit never follows redirects");
        }

        @Test
        @DisplayName("429 is rate limited (retryable, with the server's Retry-After); 401 at both addresses is a configuration error")
        void rateLimitedAndForbidden() {
            server.enqueue(FakeResponse.status(429).header("Retry-After", "17"), FakeResponse.status(401),
                    FakeResponse.status(403));

            RateLimitedException limited = catchThrowableOfType(RateLimitedException.class, provider(tenant(),
                    UnaryOperator.identity())::fetch);
            assertThat(limited.isRetryable()).isTrue();
            assertThat(limited.retryAfter()).contains(Duration.ofSeconds(17));
            assertThat(misconfigured(tenant(), UnaryOperator.identity()))
                    .hasMessageContaining("answered HTTP 401 and GET " + tenant() + "/.well-known/openid-configuration HTTP 403");
        }

        @Test
        @DisplayName("every request of a discovery is a GET without credentials")
        void noCredentialsInDiscovery() {
            serve("/tenant/.well-known/openid-configuration", metadata(tenant().toString(), ""));

            provider(tenant(), b -> b.put("auth-method", "client_secret_post")).fetch();

            for (RecordedRequest r : server.requests().subList(0, 2)) {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.header("Authorization")).isEmpty();
                assertThat(r.query()).isNull();
                assertThat(r.headers().keySet()).doesNotContain("content-type");
            }
            assertThat(server.requests().get(2).body()).contains("client_secret=");
        }
    }
}
