package dev.tokenkit.emulators;

import static dev.tokenkit.emulators.SymblEmulatorTest.json;
import static dev.tokenkit.emulators.SymblEmulatorTest.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tokenkit.emulators.OAuth2Emulator.ClientAuthentication;
import dev.tokenkit.testing.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OAuth2EmulatorTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String GRANT = "grant_type=client_credentials";

    private final ManualClock clock = ManualClock.create();
    private OAuth2Emulator oauth2;

    @BeforeEach
    void start() {
        oauth2 = OAuth2Emulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        oauth2.close();
    }

    // --- helpers ---

    /** RFC 6749 §2.3.1: each half form-encoded, joined by a colon, then Base64. */
    static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String demoBasic() {
        return basic(OAuth2Emulator.DEMO_CLIENT_ID, OAuth2Emulator.DEMO_CLIENT_SECRET);
    }

    private static String demoPost() {
        return "client_id=" + OAuth2Emulator.DEMO_CLIENT_ID + "&client_secret=" + OAuth2Emulator.DEMO_CLIENT_SECRET;
    }

    private static HttpResponse<String> post(OAuth2Emulator emulator, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(emulator.tokenEndpoint())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return CLIENT.send(builder.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Map<String, String> headers, String body) throws IOException, InterruptedException {
        return post(oauth2, headers, body);
    }

    private HttpResponse<String> postBasic(String authorization, String body) throws IOException, InterruptedException {
        return post(Map.of("Content-Type", FORM, "Authorization", authorization), body);
    }

    private HttpResponse<String> postForm(String body) throws IOException, InterruptedException {
        return post(Map.of("Content-Type", FORM), body);
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.ofString());
    }

    /** Checks an RFC 6749 §5.2 error answer and returns its description. */
    static String error(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject body = json(response.body());
        assertThat(body.getString("error")).isEqualTo(code);
        String description = body.getString("error_description");
        // RFC 6749 §5.2: error_description is printable ASCII without '"' and '\'
        assertThat(description).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
        return description;
    }

    private static void assertNoChallenge(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    private static void assertBasicChallenge(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Basic realm=\"" + OAuth2Emulator.REALM + "\", charset=\"UTF-8\"");
    }

    // --- tests ---

    @Nested
    @DisplayName("a valid token request")
    class Success {

        @Test
        @DisplayName("with Basic: 200, Bearer, expires_in, the client's scopes, no-store and no-cache")
        void basicAuthentication() throws Exception {
            HttpResponse<String> response = postBasic(demoBasic(), GRANT);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("Pragma")).hasValue("no-cache");
            JsonObject body = json(response.body());
            assertThat(body.keySet()).containsExactly("access_token", "token_type", "expires_in", "scope");
            assertThat(body.getString("token_type")).isEqualTo("Bearer");
            assertThat(body.getJsonNumber("expires_in").longValueExact()).isEqualTo(3600);
            assertThat(body.getString("scope")).isEqualTo("read write");
            JsonObject claims = jwt(body.getString("access_token"))[1];
            assertThat(claims.getString("iss")).isEqualTo(oauth2.issuer().toString());
            assertThat(claims.getString("sub")).isEqualTo(OAuth2Emulator.DEMO_CLIENT_ID);
            assertThat(claims.getJsonNumber("iat").longValueExact()).isEqualTo(clock.instant().getEpochSecond());
            assertThat(claims.getJsonNumber("exp").longValueExact()).isEqualTo(clock.instant().getEpochSecond() + 3600);
            assertThat(oauth2.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("with client_id and client_secret in the body (client_secret_post)")
        void postAuthentication() throws Exception {
            HttpResponse<String> response = postForm(GRANT + "&" + demoPost() + "&scope=read");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response.body()).getString("scope")).isEqualTo("read");
        }

        @Test
        @DisplayName("Basic credentials are form-decoded (RFC 6749 2.3.1): ids and secrets with : + / & = space and non-ASCII")
        void basicEncoding() throws Exception {
            String id = "id:with+plus/slash&amp=eq space-é";
            String secret = "se:cr+et/&=? ü€";
            try (OAuth2Emulator special = OAuth2Emulator.builder().client(id, secret, "read").start()) {
                HttpResponse<String> encoded = post(special, Map.of("Content-Type", FORM, "Authorization",
                        basic(id, secret)), GRANT);
                String raw = id + ":" + secret;
                HttpResponse<String> notEncoded = post(special, Map.of("Content-Type", FORM, "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8))), GRANT);

                assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
                assertThat(jwt(json(encoded.body()).getString("access_token"))[1].getString("sub")).isEqualTo(id);
                // split at the first ':' of the raw pair and '+' read as a space: another client
                error(notEncoded, 401, "invalid_client");
            }
        }

        @Test
        @DisplayName("audience and several resources become the token's aud; a repeated resource is allowed (RFC 8707)")
        void audienceAndResources() throws Exception {
            HttpResponse<String> one = postBasic(demoBasic(), GRANT + "&audience=https%3A%2F%2Fapi.example.com");
            HttpResponse<String> many = postBasic(demoBasic(), GRANT + "&audience=api"
                    + "&resource=https%3A%2F%2Fa.example.com%2F&resource=urn%3Aexample%3Ab");

            assertThat(jwt(json(one.body()).getString("access_token"))[1].getString("aud"))
                    .isEqualTo("https://api.example.com");
            assertThat(jwt(json(many.body()).getString("access_token"))[1].getJsonArray("aud")
                    .getValuesAs(JsonString::getString)).containsExactly("api", "https://a.example.com/", "urn:example:b");
        }

        @Test
        @DisplayName("the token lifetime follows the builder and the clock")
        void lifetime() throws Exception {
            try (OAuth2Emulator shortLived = OAuth2Emulator.builder().clock(clock)
                    .tokenLifetime(Duration.ofSeconds(300)).start()) {
                clock.advance(Duration.ofHours(2));
                JsonObject body = json(post(shortLived, Map.of("Content-Type", FORM, "Authorization", demoBasic()),
                        GRANT).body());
                JsonObject claims = jwt(body.getString("access_token"))[1];

                assertThat(body.getJsonNumber("expires_in").longValueExact()).isEqualTo(300);
                assertThat(claims.getJsonNumber("iat").longValueExact()).isEqualTo(clock.instant().getEpochSecond());
                assertThat(claims.getJsonNumber("exp").longValueExact() - claims.getJsonNumber("iat").longValueExact())
                        .isEqualTo(300);
            }
        }

        @Test
        @DisplayName("every request issues a new token")
        void newTokenEveryTime() throws Exception {
            String first = json(postBasic(demoBasic(), GRANT).body()).getString("access_token");
            String second = json(postBasic(demoBasic(), GRANT).body()).getString("access_token");

            assertThat(second).isNotEqualTo(first);
            assertThat(oauth2.tokensIssued()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("client authentication (RFC 6749 2.3, 5.2)")
    class Authentication {

        @Test
        @DisplayName("a wrong secret by Basic: 401 invalid_client with a Basic challenge")
        void wrongSecretBasic() throws Exception {
            HttpResponse<String> response = postBasic(basic(OAuth2Emulator.DEMO_CLIENT_ID, "guess"), GRANT);

            error(response, 401, "invalid_client");
            assertBasicChallenge(response);
        }

        @Test
        @DisplayName("a wrong secret in the body: 400 invalid_client without a challenge")
        void wrongSecretPost() throws Exception {
            HttpResponse<String> response = postForm(GRANT + "&client_id=demo-client&client_secret=guess");

            error(response, 400, "invalid_client");
            assertNoChallenge(response);
        }

        @Test
        @DisplayName("an unknown client by either method is invalid_client, as a wrong secret is")
        void unknownClient() throws Exception {
            error(postBasic(basic("nobody", OAuth2Emulator.DEMO_CLIENT_SECRET), GRANT), 401, "invalid_client");
            error(postForm(GRANT + "&client_id=nobody&client_secret=" + OAuth2Emulator.DEMO_CLIENT_SECRET), 400,
                    "invalid_client");
        }

        @Test
        @DisplayName("no authentication at all: 401 invalid_client with a Basic challenge")
        void none() throws Exception {
            HttpResponse<String> response = postForm(GRANT);

            assertThat(error(response, 401, "invalid_client")).contains("no client authentication");
            assertBasicChallenge(response);
        }

        @Test
        @DisplayName("Basic and client_secret at once: 400 invalid_request (one method per request)")
        void twoMethods() throws Exception {
            HttpResponse<String> response = postBasic(demoBasic(), GRANT + "&" + demoPost());

            assertThat(error(response, 400, "invalid_request")).contains("two client authentication methods");
            assertThat(oauth2.tokensIssued()).isZero();
        }

        @Test
        @DisplayName("client_id in the body with Basic must name the same client")
        void bodyIdWithBasic() throws Exception {
            HttpResponse<String> same = postBasic(demoBasic(), GRANT + "&client_id=demo-client");
            HttpResponse<String> other = postBasic(demoBasic(), GRANT + "&client_id=other");

            assertThat(same.statusCode()).isEqualTo(200);
            error(other, 400, "invalid_request");
        }

        @TestFactory
        @DisplayName("malformed Basic credentials: 401 invalid_client")
        Stream<DynamicTest> malformedBasic() {
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("another scheme", "Bearer abc");
            cases.put("not Base64", "Basic !!!");
            cases.put("no colon", "Basic " + Base64.getEncoder().encodeToString("demo-client".getBytes(StandardCharsets.UTF_8)));
            cases.put("a bad percent escape", "Basic " + Base64.getEncoder().encodeToString("demo%zz:x".getBytes(StandardCharsets.UTF_8)));
            return cases.entrySet().stream().map(c -> dynamicTest(c.getKey(), () -> {
                HttpResponse<String> response = postBasic(c.getValue(), GRANT);
                error(response, 401, "invalid_client");
                assertBasicChallenge(response);
            }));
        }

        @Test
        @DisplayName("a server that takes client_secret_post only: Basic is 400 invalid_client, the metadata lists post")
        void postOnly() throws Exception {
            try (OAuth2Emulator postOnly = OAuth2Emulator.builder()
                    .authMethods(ClientAuthentication.CLIENT_SECRET_POST).start()) {
                HttpResponse<String> basic = post(postOnly, Map.of("Content-Type", FORM, "Authorization", demoBasic()), GRANT);
                HttpResponse<String> body = post(postOnly, Map.of("Content-Type", FORM), GRANT + "&" + demoPost());

                assertThat(error(basic, 400, "invalid_client")).contains("client_secret_post");
                assertNoChallenge(basic);
                assertThat(body.statusCode()).isEqualTo(200);
                assertThat(json(get(postOnly.metadataEndpoint()).body()).getJsonArray("token_endpoint_auth_methods_supported")
                        .getValuesAs(JsonString::getString)).containsExactly("client_secret_post");
            }
        }

        @Test
        @DisplayName("a server that takes client_secret_basic only: the body method is 401 with a Basic challenge")
        void basicOnly() throws Exception {
            try (OAuth2Emulator basicOnly = OAuth2Emulator.builder()
                    .authMethods(ClientAuthentication.CLIENT_SECRET_BASIC).start()) {
                HttpResponse<String> body = post(basicOnly, Map.of("Content-Type", FORM), GRANT + "&" + demoPost());

                assertThat(error(body, 401, "invalid_client")).contains("client_secret_basic");
                assertBasicChallenge(body);
            }
        }

        @Test
        @DisplayName("rejections never echo the secret that was sent")
        void noSecretEchoed() throws Exception {
            String secret = "s3cr3t-that-must-not-leak";
            List<HttpResponse<String>> responses = List.of(
                    postBasic(basic(OAuth2Emulator.DEMO_CLIENT_ID, secret), GRANT),
                    postForm(GRANT + "&client_id=demo-client&client_secret=" + secret),
                    postBasic(basic(OAuth2Emulator.DEMO_CLIENT_ID, secret), GRANT + "&client_secret=" + secret),
                    postForm("grant_type=password&client_id=demo-client&client_secret=" + secret + "&" + secret + "=x"));

            for (HttpResponse<String> response : responses) {
                assertThat(response.statusCode()).isBetween(400, 499);
                assertThat(response.body()).doesNotContain(secret);
                assertThat(response.headers().map().toString()).doesNotContain(secret);
            }
        }
    }

    @Nested
    @DisplayName("an invalid request")
    class Validation {

        @Test
        @DisplayName("another Content-Type: 400 invalid_request")
        void contentType() throws Exception {
            HttpResponse<String> json = post(Map.of("Content-Type", "application/json", "Authorization", demoBasic()),
                    "{\"grant_type\":\"client_credentials\"}");
            HttpResponse<String> none = post(Map.of("Authorization", demoBasic()), GRANT);
            HttpResponse<String> withCharset = post(Map.of("Content-Type", FORM + "; charset=UTF-8",
                    "Authorization", demoBasic()), GRANT);

            assertThat(error(json, 400, "invalid_request")).contains(FORM);
            error(none, 400, "invalid_request");
            assertThat(withCharset.statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("no grant_type: invalid_request; another grant type: unsupported_grant_type")
        void grantType() throws Exception {
            assertThat(error(postBasic(demoBasic(), "scope=read"), 400, "invalid_request")).contains("grant_type");
            error(postBasic(demoBasic(), "grant_type=password"), 400, "unsupported_grant_type");
            error(postBasic(demoBasic(), "grant_type=CLIENT_CREDENTIALS"), 400, "unsupported_grant_type");
        }

        @Test
        @DisplayName("a scope not allowed, or malformed: invalid_scope naming the scopes not allowed")
        void scope() throws Exception {
            String notAllowed = error(postBasic(demoBasic(), GRANT + "&scope=read+admin+delete"), 400, "invalid_scope");

            assertThat(notAllowed).contains("admin delete").contains("allowed: read write");
            error(postBasic(demoBasic(), GRANT + "&scope=read++write"), 400, "invalid_scope");
            error(postBasic(demoBasic(), GRANT + "&scope="), 400, "invalid_scope");
            error(postBasic(demoBasic(), GRANT + "&scope=%22read%22"), 400, "invalid_scope");
            assertThat(oauth2.tokensIssued()).isZero();
        }

        @Test
        @DisplayName("a resource that is not an absolute URI, or has a fragment: invalid_target")
        void resource() throws Exception {
            error(postBasic(demoBasic(), GRANT + "&resource=api"), 400, "invalid_target");
            error(postBasic(demoBasic(), GRANT + "&resource=https%3A%2F%2Fa.example.com%2F%23x"), 400, "invalid_target");
        }

        @Test
        @DisplayName("a parameter sent twice: invalid_request naming it; a malformed body: invalid_request")
        void repeatedAndMalformed() throws Exception {
            assertThat(error(postBasic(demoBasic(), GRANT + "&scope=read&scope=write"), 400, "invalid_request"))
                    .contains("scope");
            error(postBasic(demoBasic(), GRANT + "&scope=%zz"), 400, "invalid_request");
            error(postBasic(demoBasic(), GRANT + "&=x"), 400, "invalid_request");
        }

        @Test
        @DisplayName("405 with Allow: POST for GET on the token endpoint; 404 elsewhere")
        void methodAndPath() throws Exception {
            HttpResponse<String> getToken = get(oauth2.tokenEndpoint());
            HttpResponse<String> elsewhere = get(URI.create(oauth2.baseUri() + "/oauth/token"));

            error(getToken, 405, "invalid_request");
            assertThat(getToken.headers().firstValue("Allow")).hasValue("POST");
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(json(elsewhere.body()).getString("error_description")).contains("POST /oauth2/token");
        }
    }

    @Nested
    @DisplayName("RFC 8414 metadata")
    class Metadata {

        @Test
        @DisplayName("GET /.well-known/oauth-authorization-server: issuer, token endpoint, grant, methods, scopes")
        void metadata() throws Exception {
            HttpResponse<String> response = get(oauth2.metadataEndpoint());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(oauth2.metadataEndpoint().toString()).isEqualTo(oauth2.baseUri() + "/.well-known/oauth-authorization-server");
            JsonObject metadata = json(response.body());
            assertThat(metadata.getString("issuer")).isEqualTo(oauth2.baseUri().toString());
            assertThat(metadata.getString("token_endpoint")).isEqualTo(oauth2.baseUri() + "/oauth2/token");
            assertThat(metadata.getJsonArray("grant_types_supported").getValuesAs(JsonString::getString))
                    .containsExactly("client_credentials");
            // the TLS methods only over HTTPS (OAuth2EmulatorClientAuthenticationTest)
            assertThat(metadata.getJsonArray("token_endpoint_auth_methods_supported").getValuesAs(JsonString::getString))
                    .containsExactly("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt");
            assertThat(metadata.getJsonArray("token_endpoint_auth_signing_alg_values_supported")
                    .getValuesAs(JsonString::getString)).containsExactly("RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256");
            assertThat(metadata.getJsonArray("scopes_supported").getValuesAs(JsonString::getString))
                    .containsExactly("read", "write");
            assertThat(metadata.getJsonArray("response_types_supported")).isEmpty();
            assertThat(metadata).doesNotContainKey("mtls_endpoint_aliases");
            error(CLIENT.send(HttpRequest.newBuilder(oauth2.metadataEndpoint())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString()), 405, "invalid_request");
        }

        @Test
        @DisplayName("an issuer with a path: the well-known segment goes between host and path (RFC 8414 3.1)")
        void issuerPath() throws Exception {
            try (OAuth2Emulator realm = OAuth2Emulator.builder().issuerPath("/realms/demo")
                    .client("a", "secret-a", "x").client("b", "secret-b", "y", "x").start()) {
                JsonObject metadata = json(get(URI.create(realm.baseUri()
                        + "/.well-known/oauth-authorization-server/realms/demo")).body());

                assertThat(realm.issuer()).isEqualTo(URI.create(realm.baseUri() + "/realms/demo"));
                assertThat(metadata.getString("issuer")).isEqualTo(realm.issuer().toString());
                assertThat(metadata.getString("token_endpoint")).isEqualTo(realm.issuer() + "/oauth2/token");
                assertThat(realm.tokenEndpoint()).isEqualTo(URI.create(realm.issuer() + "/oauth2/token"));
                assertThat(metadata.getJsonArray("scopes_supported").getValuesAs(JsonString::getString))
                        .containsExactly("x", "y");
                assertThat(get(URI.create(realm.issuer() + "/.well-known/oauth-authorization-server")).statusCode())
                        .isEqualTo(404);
                assertThat(post(realm, Map.of("Content-Type", FORM, "Authorization", basic("b", "secret-b")), GRANT)
                        .statusCode()).isEqualTo(200);
            }
        }
    }

    @Nested
    @DisplayName("builder, scripting and lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("a response enqueued on server() answers first; latency delays the emulator's answers")
        void scripted() throws Exception {
            oauth2.server().enqueue(FakeResponse.status(503));
            oauth2.latency(Duration.ofMillis(50));

            HttpResponse<String> first = postBasic(demoBasic(), GRANT);
            HttpResponse<String> second = postBasic(demoBasic(), GRANT);

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(oauth2.server().requestCount()).isEqualTo(2);
            assertThat(oauth2.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("registered clients replace the demo client; toString shows ids, never secrets")
        void clients() throws Exception {
            try (OAuth2Emulator own = OAuth2Emulator.builder().client("mine", "my-own-secret-1").start()) {
                HttpResponse<String> demo = post(own, Map.of("Content-Type", FORM, "Authorization", demoBasic()), GRANT);
                HttpResponse<String> mine = post(own, Map.of("Content-Type", FORM, "Authorization",
                        basic("mine", "my-own-secret-1")), GRANT);
                HttpResponse<String> scoped = post(own, Map.of("Content-Type", FORM, "Authorization",
                        basic("mine", "my-own-secret-1")), GRANT + "&scope=read");

                error(demo, 401, "invalid_client");
                assertThat(mine.statusCode()).isEqualTo(200);
                assertThat(json(mine.body()).containsKey("scope")).as("no scope granted, none answered").isFalse();
                assertThat(error(scoped, 400, "invalid_scope")).contains("allowed: )");
                assertThat(own.toString()).contains("clients=[mine]").doesNotContain("my-own-secret-1");
            }
        }

        @Test
        @DisplayName("the builder rejects invalid settings")
        void builderValidation() {
            OAuth2Emulator.Builder builder = OAuth2Emulator.builder().client("a", "b");

            assertThatThrownBy(() -> builder.client("a", "c")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
            assertThatThrownBy(() -> builder.client("", "c")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.client("x", "c", "bad scope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scope token");
            assertThatThrownBy(builder::authMethods).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.tokenLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.issuerPath("realms/demo")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.issuerPath("/realms/demo/")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("OAuth2Emulator.start() uses the defaults; close() twice is harmless")
        void defaults() throws Exception {
            OAuth2Emulator defaults = OAuth2Emulator.start();
            try {
                assertThat(post(defaults, Map.of("Content-Type", FORM, "Authorization", demoBasic()), GRANT).statusCode())
                        .isEqualTo(200);
                assertThat(defaults.issuer()).isEqualTo(defaults.baseUri());
            } finally {
                defaults.close();
                defaults.close();
            }
            assertThatThrownBy(() -> post(defaults, Map.of("Content-Type", FORM), GRANT)).isInstanceOf(IOException.class);
        }
    }
}
