package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tokenkit.testing.ManualClock;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SymblEmulatorTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private static final String VALID_BODY = "{\"type\":\"application\",\"appId\":\""
            + SymblEmulator.DEMO_APP_ID + "\",\"appSecret\":\"" + SymblEmulator.DEMO_APP_SECRET
            + "\"}";

    private final ManualClock clock = ManualClock.create();
    private SymblEmulator symbl;

    @BeforeEach
    void start() {
        symbl = SymblEmulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        symbl.close();
    }

    // --- helpers ---

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(symbl.baseUri() + path));
    }

    private HttpRequest post(String contentType, String body) {
        HttpRequest.Builder builder = request(SymblEmulator.TOKEN_PATH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return builder.build();
    }

    private HttpRequest post(String body) {
        return post("application/json", body);
    }

    private static HttpResponse<String> send(HttpRequest request)
            throws IOException, InterruptedException {
        return CLIENT.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> generate() throws IOException, InterruptedException {
        HttpResponse<String> response = send(post(VALID_BODY));
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        return response;
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The decoded header and payload of a JWT-shaped token, after checking its shape. */
    static JsonObject[] jwt(String token) {
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        String[] parts = token.split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        assertThat(decoder.decode(parts[2])).hasSizeGreaterThanOrEqualTo(32);
        return new JsonObject[] {
            json(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8)),
            json(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)),
        };
    }

    private static String token(HttpResponse<String> response) {
        return json(response.body()).getString("accessToken");
    }

    private static long expiresIn(HttpResponse<String> response) {
        return json(response.body()).getJsonNumber("expiresIn").longValueExact();
    }

    private static void assertRejected(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response.body())).isEqualTo(
                Json.createObjectBuilder().add("message", message).build());
        assertThat(response.headers().firstValue(EmulatorSupport.REASON_HEADER)).isPresent();
    }

    // --- tests ---

    @Nested
    @DisplayName("a valid request")
    class Success {

        @Test
        @DisplayName("gets 200 with a JWT-shaped accessToken and a numeric expiresIn of 86400")
        void shape() throws Exception {
            HttpResponse<String> response = generate();

            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonObject body = json(response.body());
            assertThat(body.keySet()).containsExactlyInAnyOrder("accessToken", "expiresIn");
            assertThat(body.get("expiresIn")).isInstanceOf(JsonNumber.class);
            assertThat(expiresIn(response)).isEqualTo(86_400);
            assertThat(symbl.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("the token's header is HS256/JWT and its claims are iss, sub, iat, exp and jti")
        void claims() throws Exception {
            JsonObject[] parts = jwt(token(generate()));

            assertThat(parts[0]).isEqualTo(Json.createObjectBuilder()
                    .add("alg", "HS256").add("typ", "JWT").build());
            JsonObject claims = parts[1];
            long now = clock.instant().getEpochSecond();
            assertThat(claims.getString("iss")).isEqualTo(SymblEmulator.ISSUER);
            assertThat(claims.getString("sub")).isEqualTo(SymblEmulator.DEMO_APP_ID);
            assertThat(claims.getJsonNumber("iat").longValueExact()).isEqualTo(now);
            assertThat(claims.getJsonNumber("exp").longValueExact()).isEqualTo(now + 86_400);
            assertThat(claims.getString("jti")).isNotBlank();
        }

        @Test
        @DisplayName("accepts a Content-Type with a charset parameter, in any case")
        void contentTypeWithCharset() throws Exception {
            assertThat(send(post("Application/JSON; charset=UTF-8", VALID_BODY)).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("a percent-encoded colon in the path reaches the same endpoint")
        void encodedColon() throws Exception {
            HttpResponse<String> response = send(request("/oauth2/token%3Agenerate")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build());

            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("custom credentials and lifetime are honoured; the demo credentials then fail")
        void customCredentials() throws Exception {
            try (SymblEmulator custom = SymblEmulator.builder().clock(clock)
                    .credentials("my-app", "my-secret").tokenLifetime(Duration.ofHours(1))
                    .renewWithin(Duration.ofMinutes(1)).start()) {
                HttpRequest.Builder builder = HttpRequest.newBuilder(custom.tokenEndpoint())
                        .header("Content-Type", "application/json");
                HttpResponse<String> ok = send(builder.POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"application\",\"appId\":\"my-app\",\"appSecret\":\"my-secret\"}"))
                        .build());
                HttpResponse<String> demo = send(builder.POST(HttpRequest.BodyPublishers
                        .ofString(VALID_BODY)).build());

                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(expiresIn(ok)).isEqualTo(3600);
                assertThat(jwt(token(ok))[1].getString("sub")).isEqualTo("my-app");
                assertThat(demo.statusCode()).isEqualTo(401);
            }
        }
    }

    @Nested
    @DisplayName("an invalid request")
    class Validation {

        @Test
        @DisplayName("to another path gets 404 with a JSON message")
        void otherPath() throws Exception {
            HttpResponse<String> response = send(request("/oauth2/token")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response.body()).getString("message")).startsWith("Not Found");
            assertThat(symbl.tokensIssued()).isZero();
        }

        @Test
        @DisplayName("with another method gets 405 with Allow: POST")
        void otherMethod() throws Exception {
            HttpResponse<String> get = send(request(SymblEmulator.TOKEN_PATH).GET().build());
            HttpResponse<String> put = send(request(SymblEmulator.TOKEN_PATH)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build());

            for (HttpResponse<String> response : List.of(get, put)) {
                assertThat(response.statusCode()).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).hasValue("POST");
                assertThat(json(response.body()).getString("message")).startsWith("Method Not Allowed");
            }
        }

        @TestFactory
        @DisplayName("gets 400 with Symbl's documented message")
        Stream<DynamicTest> badRequests() {
            Map<String, HttpRequest> cases = new java.util.LinkedHashMap<>();
            cases.put("without a Content-Type", post(null, VALID_BODY));
            cases.put("with Content-Type text/plain", post("text/plain", VALID_BODY));
            cases.put("with Content-Type application/json-patch+json",
                    post("application/json-patch+json", VALID_BODY));
            cases.put("with an empty body", post(""));
            cases.put("with a body that is not JSON", post("type=application"));
            cases.put("with a truncated JSON body", post("{\"type\":\"application\","));
            cases.put("with a JSON array body", post("[" + VALID_BODY + "]"));
            cases.put("with a JSON string body", post("\"application\""));
            cases.put("without type", post("{\"appId\":\"demo-app-id\",\"appSecret\":\"demo-app-secret\"}"));
            cases.put("with type 'user'", post(VALID_BODY.replace("\"application\"", "\"user\"")));
            cases.put("with type 'Application'", post(VALID_BODY.replace("\"application\"", "\"Application\"")));
            cases.put("with a non-string type", post(VALID_BODY.replace("\"application\"", "1")));
            cases.put("without appId", post("{\"type\":\"application\",\"appSecret\":\"demo-app-secret\"}"));
            cases.put("without appSecret", post("{\"type\":\"application\",\"appId\":\"demo-app-id\"}"));
            cases.put("with a null appId", post(VALID_BODY.replace("\"demo-app-id\"", "null")));
            cases.put("with a numeric appSecret", post(VALID_BODY.replace("\"demo-app-secret\"", "42")));
            cases.put("with an object appSecret", post(VALID_BODY.replace("\"demo-app-secret\"", "{}")));
            return cases.entrySet().stream().map(entry -> dynamicTest(entry.getKey(), () -> {
                HttpResponse<String> response = send(entry.getValue());

                assertRejected(response, 400, SymblEmulator.BAD_REQUEST_MESSAGE);
                assertThat(symbl.tokensIssued()).isZero();
            }));
        }

        @TestFactory
        @DisplayName("gets 401 with Symbl's documented message for a wrong combination")
        Stream<DynamicTest> unauthorized() {
            Map<String, String> cases = Map.of(
                    "wrong appSecret", VALID_BODY.replace("demo-app-secret", "wrong-secret"),
                    "wrong appId", VALID_BODY.replace("demo-app-id", "other-app"),
                    "appId and appSecret swapped", "{\"type\":\"application\",\"appId\":\"demo-app-secret\","
                            + "\"appSecret\":\"demo-app-id\"}",
                    "empty appId and appSecret", "{\"type\":\"application\",\"appId\":\"\",\"appSecret\":\"\"}",
                    "appSecret with a trailing space", VALID_BODY.replace("demo-app-secret", "demo-app-secret "));
            return cases.entrySet().stream().map(entry -> dynamicTest(entry.getKey(), () -> {
                HttpResponse<String> response = send(post(entry.getValue()));

                assertRejected(response, 401, SymblEmulator.UNAUTHORIZED_MESSAGE);
                assertThat(symbl.tokensIssued()).isZero();
            }));
        }

        @Test
        @DisplayName("rejections never echo the secret that was sent")
        void noSecretEchoed() throws Exception {
            String secret = "s3cr3t-that-must-not-leak";
            List<HttpResponse<String>> responses = List.of(
                    send(post(VALID_BODY.replace("demo-app-secret", secret))),
                    send(post("text/plain", VALID_BODY.replace("demo-app-secret", secret))),
                    send(post(VALID_BODY.replace("demo-app-secret", secret).replace("application", "x"))));

            for (HttpResponse<String> response : responses) {
                assertThat(response.statusCode()).isBetween(400, 499);
                assertThat(response.body()).doesNotContain(secret);
                assertThat(response.headers().map().toString()).doesNotContain(secret);
            }
        }
    }

    @Nested
    @DisplayName("the server-side cache")
    class Cache {

        @Test
        @DisplayName("answers the same token with the remaining whole seconds while it is far from expiry")
        void sameTokenShrinkingLifetime() throws Exception {
            HttpResponse<String> first = generate();
            clock.advance(Duration.ofSeconds(1000));
            HttpResponse<String> second = generate();
            clock.advance(Duration.ofMillis(1500));
            HttpResponse<String> third = generate();

            assertThat(token(second)).isEqualTo(token(first));
            assertThat(token(third)).isEqualTo(token(first));
            assertThat(expiresIn(first)).isEqualTo(86_400);
            assertThat(expiresIn(second)).isEqualTo(85_400);
            assertThat(expiresIn(third)).isEqualTo(85_398); // 85398.5 s left, whole seconds
            assertThat(symbl.tokensIssued()).isEqualTo(1);
            assertThat(symbl.server().requestCount()).isEqualTo(3);
        }

        @Test
        @DisplayName("a cached answer's expiresIn agrees with the token's exp claim")
        void expiresInMatchesExp() throws Exception {
            String token = token(generate());
            clock.advance(Duration.ofHours(5));
            HttpResponse<String> again = generate();

            long exp = jwt(token)[1].getJsonNumber("exp").longValueExact();
            assertThat(clock.instant().getEpochSecond() + expiresIn(again)).isEqualTo(exp);
        }

        @Test
        @DisplayName("issues a new token with the full lifetime once the cached one is within renewWithin")
        void renewsNearExpiry() throws Exception {
            String first = token(generate());

            clock.advance(Duration.ofSeconds(86_400 - 301));
            HttpResponse<String> stillCached = generate();
            clock.advance(Duration.ofSeconds(1)); // exactly renewWithin (300 s) left
            HttpResponse<String> renewed = generate();
            clock.advance(Duration.ofSeconds(10));
            HttpResponse<String> afterRenewal = generate();

            assertThat(token(stillCached)).isEqualTo(first);
            assertThat(expiresIn(stillCached)).isEqualTo(301);
            assertThat(token(renewed)).isNotEqualTo(first);
            assertThat(expiresIn(renewed)).isEqualTo(86_400);
            assertThat(jwt(token(renewed))[1].getJsonNumber("iat").longValueExact())
                    .isEqualTo(clock.instant().getEpochSecond() - 10);
            assertThat(token(afterRenewal)).isEqualTo(token(renewed));
            assertThat(expiresIn(afterRenewal)).isEqualTo(86_390);
            assertThat(symbl.tokensIssued()).isEqualTo(2);
        }

        @Test
        @DisplayName("issues a new token after the cached one has expired")
        void newTokenAfterExpiry() throws Exception {
            String first = token(generate());
            clock.advance(Duration.ofDays(3));
            HttpResponse<String> later = generate();

            assertThat(token(later)).isNotEqualTo(first);
            assertThat(expiresIn(later)).isEqualTo(86_400);
            assertThat(symbl.tokensIssued()).isEqualTo(2);
        }

        @Test
        @DisplayName("with renewWithin zero keeps the token until its last whole second")
        void renewWithinZero() throws Exception {
            try (SymblEmulator eager = SymblEmulator.builder().clock(clock)
                    .tokenLifetime(Duration.ofSeconds(60)).renewWithin(Duration.ZERO).start()) {
                HttpRequest request = HttpRequest.newBuilder(eager.tokenEndpoint())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build();
                String first = token(send(request));
                clock.advance(Duration.ofSeconds(59));
                HttpResponse<String> last = send(request);
                clock.advance(Duration.ofSeconds(1));
                HttpResponse<String> next = send(request);

                assertThat(token(last)).isEqualTo(first);
                assertThat(expiresIn(last)).isEqualTo(1);
                assertThat(token(next)).isNotEqualTo(first);
                assertThat(expiresIn(next)).isEqualTo(60);
            }
        }

        @Test
        @DisplayName("failed requests neither issue nor disturb the cached token")
        void failuresLeaveCacheAlone() throws Exception {
            String first = token(generate());
            send(post(VALID_BODY.replace("demo-app-secret", "nope")));
            symbl.server().enqueue(FakeResponse.status(500));
            send(post(VALID_BODY));

            assertThat(token(generate())).isEqualTo(first);
            assertThat(symbl.tokensIssued()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("under concurrency")
    class Concurrency {

        @Test
        @DisplayName("1,000 concurrent first requests all get 200 and one and the same token")
        void thousandConcurrentFirstRequests() throws Exception {
            int count = 1_000;
            ExecutorService clientThreads = Executors.newFixedThreadPool(4);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            try {
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(clientThreads)
                        .build();
                for (int i = 0; i < count; i++) {
                    calls.add(client.sendAsync(post(VALID_BODY), BodyHandlers.ofString()));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                        .get(2, TimeUnit.MINUTES);
            } finally {
                clientThreads.shutdownNow();
            }

            assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
            Set<String> tokens = calls.stream().map(call -> token(call.join()))
                    .collect(Collectors.toSet());
            assertThat(tokens).hasSize(1);
            assertThat(symbl.tokensIssued()).isEqualTo(1);
            assertThat(symbl.server().requestCount()).isEqualTo(count);
        }
    }

    @Nested
    @DisplayName("scripting and lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("a response enqueued on server() answers before the emulator, once")
        void scriptedFaultPreempts() throws Exception {
            symbl.server().enqueue(FakeResponse.status(429).json("{\"message\":\"slow down\"}"),
                    FakeResponse.status(200).dropConnection());

            HttpResponse<String> limited = send(post(VALID_BODY));
            assertThatThrownBy(() -> send(post(VALID_BODY))).isInstanceOf(IOException.class);
            HttpResponse<String> normal = send(post(VALID_BODY));

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(normal.statusCode()).isEqualTo(200);
            assertThat(symbl.tokensIssued()).isEqualTo(1);
            assertThat(symbl.server().requestCount()).isEqualTo(3);
            assertThat(symbl.server().pendingResponses()).isZero();
        }

        @Test
        @DisplayName("reset() forgets cache, counts and script but keeps emulating")
        void reset() throws Exception {
            String first = token(generate());
            symbl.server().enqueue(FakeResponse.status(503));

            symbl.reset();

            assertThat(symbl.tokensIssued()).isZero();
            assertThat(symbl.server().requestCount()).isZero();
            HttpResponse<String> after = generate();
            assertThat(token(after)).isNotEqualTo(first);
            assertThat(symbl.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("baseUri is loopback, tokenEndpoint appends the path, toString hides the secret")
        void addressesAndToString() throws Exception {
            generate();

            assertThat(symbl.baseUri().toString()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
            assertThat(symbl.tokenEndpoint()).isEqualTo(URI.create(symbl.baseUri() + "/oauth2/token:generate"));
            assertThat(symbl.toString()).contains(SymblEmulator.DEMO_APP_ID).contains("1 tokens issued")
                    .doesNotContain(SymblEmulator.DEMO_APP_SECRET);
        }

        @Test
        @DisplayName("SymblEmulator.start() uses the defaults and the system clock")
        void defaults() throws Exception {
            try (SymblEmulator defaults = SymblEmulator.start()) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(defaults.tokenEndpoint())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build());

                assertThat(expiresIn(response)).isEqualTo(86_400);
                long iat = jwt(token(response))[1].getJsonNumber("iat").longValueExact();
                assertThat(iat).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
            }
        }

        @Test
        @DisplayName("after close() the port refuses connections")
        void close() {
            symbl.close();
            symbl.close();

            assertThatThrownBy(() -> send(post(VALID_BODY))).isInstanceOf(IOException.class);
        }

        @Test
        @DisplayName("the builder rejects invalid settings")
        void builderValidation() {
            SymblEmulator.Builder builder = SymblEmulator.builder();

            assertThatThrownBy(() -> builder.credentials(" ", "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId");
            assertThatThrownBy(() -> builder.credentials("x", null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> builder.tokenLifetime(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.tokenLifetime(Duration.ofMillis(1500)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole");
            assertThatThrownBy(() -> builder.renewWithin(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.tokenLifetime(Duration.ofMinutes(5)).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("renewWithin");
        }
    }
}
