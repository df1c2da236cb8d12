package dev.tokenkit.emulators;

import static dev.tokenkit.emulators.SymblEmulatorTest.json;
import static dev.tokenkit.emulators.SymblEmulatorTest.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tokenkit.testing.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SingleViewEmulatorTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern(SingleViewEmulator.TIMESTAMP_PATTERN);

    private static final String VALID_BODY = "{\"clientId\":\"" + SingleViewEmulator.DEMO_CLIENT_ID
            + "\",\"clientCode\":\"" + SingleViewEmulator.DEMO_CLIENT_CODE
            + "\",\"grant_type\":\"client_credentials\"}";

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-01-02T10:20:39Z"));
    private SingleViewEmulator singleView;

    @BeforeEach
    void start() {
        singleView = SingleViewEmulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        singleView.close();
    }

    // --- helpers ---

    private String stamp(Instant instant, ZoneId zone) {
        return STAMP.format(instant.atZone(zone));
    }

    private String now() {
        return stamp(clock.instant(), ZoneId.of("UTC"));
    }

    /** The documented request: all four headers, JSON content, the demo credentials. */
    private Map<String, String> validHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("CompanyId", SingleViewEmulator.DEMO_COMPANY_ID);
        headers.put("SVReferenceID", "BEMC0001");
        headers.put("DateTimeStamp", now());
        headers.put("Device", "Web");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private HttpRequest post(URI uri, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    private HttpRequest post(UnaryOperator<Map<String, String>> headerChange, String body) {
        return post(singleView.tokenEndpoint(), headerChange.apply(validHeaders()), body);
    }

    private HttpRequest valid() {
        return post(UnaryOperator.identity(), VALID_BODY);
    }

    private static HttpResponse<String> send(HttpRequest request)
            throws IOException, InterruptedException {
        return CLIENT.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> token() throws IOException, InterruptedException {
        HttpResponse<String> response = send(valid());
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        return response;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    /** Checks the failure envelope and returns its message. */
    private static String envelope(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = json(response.body());
        assertThat(body.keySet()).containsExactlyInAnyOrder("success", "payload", "message");
        assertThat(body.get("success")).isEqualTo(JsonValue.FALSE);
        assertThat(body.get("payload")).isEqualTo(JsonValue.EMPTY_JSON_OBJECT);
        return body.getString("message");
    }

    // --- tests ---

    @Nested
    @DisplayName("a valid request")
    class Success {

        @Test
        @DisplayName("gets 200 with access_token, token_type Bearer and expires_in as the string \"6000\"")
        void shape() throws Exception {
            HttpResponse<String> response = token();

            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonObject body = json(response.body());
            assertThat(body.keySet()).containsExactlyInAnyOrder("access_token", "token_type", "expires_in");
            assertThat(body.getString("token_type")).isEqualTo("Bearer");
            assertThat(body.get("expires_in")).isInstanceOf(JsonString.class);
            assertThat(body.getString("expires_in")).isEqualTo("6000");
            assertThat(singleView.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("the JWT's exp is 3600 s after iat, earlier than expires_in claims, like the vendor sample")
        void jwtExpiresEarlierThanExpiresIn() throws Exception {
            JsonObject body = json(token().body());
            JsonObject[] parts = jwt(body.getString("access_token"));

            assertThat(parts[0].getString("alg")).isEqualTo("HS256");
            assertThat(parts[0].getString("typ")).isEqualTo("JWT");
            long iat = parts[1].getJsonNumber("iat").longValueExact();
            long exp = parts[1].getJsonNumber("exp").longValueExact();
            assertThat(iat).isEqualTo(clock.instant().getEpochSecond());
            assertThat(exp - iat).isEqualTo(3600);
            assertThat(exp).isLessThan(iat + Long.parseLong(body.getString("expires_in")));
            assertThat(parts[1].getString("data")).isNotBlank();
        }

        @Test
        @DisplayName("every request gets a new token (SingleView documents no cache)")
        void newTokenEveryTime() throws Exception {
            String first = json(token().body()).getString("access_token");
            String second = json(token().body()).getString("access_token");

            assertThat(second).isNotEqualTo(first);
            assertThat(singleView.tokensIssued()).isEqualTo(2);
        }

        @Test
        @DisplayName("custom credentials, company, expires_in and JWT lifetime are honoured")
        void custom() throws Exception {
            try (SingleViewEmulator custom = SingleViewEmulator.builder().clock(clock)
                    .credentials("abcdef83643f61c975", "zyxvw95cE163C03b7d1").companyId("MYCOMPANY")
                    .expiresIn(Duration.ofSeconds(900)).jwtLifetime(Duration.ofSeconds(900)).start()) {
                Map<String, String> headers = with(validHeaders(), "CompanyId", "MYCOMPANY");
                HttpResponse<String> ok = send(post(custom.tokenEndpoint(), headers,
                        "{\"clientId\":\"abcdef83643f61c975\",\"clientCode\":\"zyxvw95cE163C03b7d1\","
                                + "\"grant_type\":\"client_credentials\"}"));
                HttpResponse<String> demo = send(post(custom.tokenEndpoint(), headers, VALID_BODY));
                HttpResponse<String> demoCompany = send(post(custom.tokenEndpoint(), validHeaders(),
                        VALID_BODY));

                assertThat(ok.statusCode()).isEqualTo(200);
                JsonObject body = json(ok.body());
                assertThat(body.getString("expires_in")).isEqualTo("900");
                JsonObject claims = jwt(body.getString("access_token"))[1];
                assertThat(claims.getJsonNumber("exp").longValueExact()
                        - claims.getJsonNumber("iat").longValueExact()).isEqualTo(900);
                envelope(demo, 401);
                assertThat(envelope(demoCompany, 400)).contains("CompanyId");
            }
        }
    }

    @Nested
    @DisplayName("an invalid request gets the failure envelope")
    class Validation {

        @Test
        @DisplayName("404 on another path, 405 (Allow: POST) for another method")
        void pathAndMethod() throws Exception {
            HttpResponse<String> otherPath = send(post(URI.create(singleView.baseUri() + "/v1/api/token"),
                    validHeaders(), VALID_BODY));
            HttpResponse<String> get = send(HttpRequest.newBuilder(singleView.tokenEndpoint()).GET().build());

            assertThat(envelope(otherPath, 404)).startsWith("Not Found");
            assertThat(envelope(get, 405)).startsWith("Method Not Allowed");
            assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        }

        @TestFactory
        @DisplayName("400 naming the header that is missing or invalid")
        Stream<DynamicTest> badHeaders() {
            record Case(String header, UnaryOperator<Map<String, String>> change) {
            }
            Map<String, Case> cases = new LinkedHashMap<>();
            for (String name : List.of("CompanyId", "SVReferenceID", "DateTimeStamp", "Device")) {
                cases.put("without " + name, new Case(name, headers -> without(headers, name)));
                cases.put("with an empty " + name, new Case(name, headers -> with(headers, name, "")));
                cases.put("with a blank " + name, new Case(name, headers -> with(headers, name, "   ")));
            }
            cases.put("with another CompanyId", new Case("CompanyId",
                    headers -> with(headers, "CompanyId", "OTHERCO")));
            cases.put("with the CompanyId in another case", new Case("CompanyId",
                    headers -> with(headers, "CompanyId", "democo")));
            Map<String, String> badStamps = new LinkedHashMap<>();
            badStamps.put("with a space for the T", now().replace('T', ' '));
            badStamps.put("with an offset", now() + "Z");
            badStamps.put("with milliseconds", now() + ".000");
            badStamps.put("without seconds", now().substring(0, 16));
            badStamps.put("on 30 February", "2025-02-30T10:20:39");
            badStamps.put("as epoch seconds", Long.toString(clock.instant().getEpochSecond()));
            badStamps.forEach((what, stamp) -> cases.put("with a DateTimeStamp " + what,
                    new Case("DateTimeStamp", headers -> with(headers, "DateTimeStamp", stamp))));
            cases.put("without Content-Type", new Case("Content-Type",
                    headers -> without(headers, "Content-Type")));
            cases.put("with Content-Type text/plain", new Case("Content-Type",
                    headers -> with(headers, "Content-Type", "text/plain")));
            return cases.entrySet().stream().map(entry -> dynamicTest(entry.getKey(), () -> {
                HttpResponse<String> response = send(post(entry.getValue().change(), VALID_BODY));

                assertThat(envelope(response, 400)).contains(entry.getValue().header());
                assertThat(response.headers().firstValue(EmulatorSupport.REASON_HEADER)).isPresent();
                assertThat(singleView.tokensIssued()).isZero();
            }));
        }

        @TestFactory
        @DisplayName("400 naming the body field that is missing or invalid")
        Stream<DynamicTest> badBodies() {
            Map<String, String[]> cases = new LinkedHashMap<>();
            cases.put("an empty body", new String[] {"", "JSON object"});
            cases.put("a body that is not JSON", new String[] {"clientId=demo-client", "JSON object"});
            cases.put("a JSON array", new String[] {"[" + VALID_BODY + "]", "JSON object"});
            cases.put("no clientId", new String[] {
                "{\"clientCode\":\"demo-client-code\",\"grant_type\":\"client_credentials\"}", "clientId"});
            cases.put("a numeric clientId", new String[] {
                VALID_BODY.replace("\"demo-client\"", "7"), "clientId"});
            cases.put("no clientCode", new String[] {
                "{\"clientId\":\"demo-client\",\"grant_type\":\"client_credentials\"}", "clientCode"});
            cases.put("a null clientCode", new String[] {
                VALID_BODY.replace("\"demo-client-code\"", "null"), "clientCode"});
            cases.put("no grant_type", new String[] {
                "{\"clientId\":\"demo-client\",\"clientCode\":\"demo-client-code\"}", "grant_type"});
            cases.put("grant_type password", new String[] {
                VALID_BODY.replace("client_credentials", "password"), "grant_type"});
            cases.put("grant_type in another case", new String[] {
                VALID_BODY.replace("client_credentials", "CLIENT_CREDENTIALS"), "grant_type"});
            cases.put("grantType instead of grant_type", new String[] {
                VALID_BODY.replace("grant_type", "grantType"), "grant_type"});
            return cases.entrySet().stream().map(entry -> dynamicTest(entry.getKey(), () -> {
                HttpResponse<String> response = send(post(UnaryOperator.identity(), entry.getValue()[0]));

                assertThat(envelope(response, 400)).contains(entry.getValue()[1]);
                assertThat(singleView.tokensIssued()).isZero();
            }));
        }

        @TestFactory
        @DisplayName("401 for wrong credentials, without saying which one was wrong")
        Stream<DynamicTest> wrongCredentials() {
            Map<String, String> cases = Map.of(
                    "wrong clientCode", VALID_BODY.replace("demo-client-code", "guess"),
                    "wrong clientId", VALID_BODY.replace("\"demo-client\"", "\"other-client\""),
                    "empty clientId and clientCode", "{\"clientId\":\"\",\"clientCode\":\"\","
                            + "\"grant_type\":\"client_credentials\"}");
            return cases.entrySet().stream().map(entry -> dynamicTest(entry.getKey(), () -> {
                HttpResponse<String> response = send(post(UnaryOperator.identity(), entry.getValue()));

                assertThat(envelope(response, 401)).isEqualTo("Unauthorized: invalid clientId or clientCode");
                assertThat(singleView.tokensIssued()).isZero();
            }));
        }

        @Test
        @DisplayName("rejections never echo the client code that was sent")
        void noSecretEchoed() throws Exception {
            String secret = "s3cr3t-that-must-not-leak";
            String body = VALID_BODY.replace("demo-client-code", secret);
            List<HttpResponse<String>> responses = List.of(
                    send(post(UnaryOperator.identity(), body)),
                    send(post(headers -> without(headers, "Device"), body)),
                    send(post(UnaryOperator.identity(), body.replace("client_credentials", "x"))));

            for (HttpResponse<String> response : responses) {
                assertThat(response.statusCode()).isBetween(400, 499);
                assertThat(response.body()).doesNotContain(secret);
                assertThat(response.headers().map().toString()).doesNotContain(secret);
            }
        }
    }

    @Nested
    @DisplayName("the DateTimeStamp tolerance")
    class Timestamp {

        private HttpResponse<String> sendStamped(SingleViewEmulator emulator, String stamp)
                throws IOException, InterruptedException {
            return send(post(emulator.tokenEndpoint(), with(validHeaders(), "DateTimeStamp", stamp),
                    VALID_BODY));
        }

        @Test
        @DisplayName("accepts a stamp up to 5 minutes either side of the emulator clock, in UTC")
        void withinDefaultTolerance() throws Exception {
            ZoneId utc = ZoneId.of("UTC");
            Instant now = clock.instant();

            assertThat(sendStamped(singleView, stamp(now.plusSeconds(300), utc)).statusCode()).isEqualTo(200);
            assertThat(sendStamped(singleView, stamp(now.minusSeconds(300), utc)).statusCode()).isEqualTo(200);
            String late = envelope(sendStamped(singleView, stamp(now.plusSeconds(301), utc)), 400);
            String early = envelope(sendStamped(singleView, stamp(now.minusSeconds(301), utc)), 400);

            assertThat(late).contains("DateTimeStamp").contains("301 s").contains("300 s")
                    .contains("2025-01-02T10:20:39");
            assertThat(early).contains("DateTimeStamp");
            assertThat(singleView.tokensIssued()).isEqualTo(2);
        }

        @Test
        @DisplayName("follows the emulator clock as it moves")
        void followsClock() throws Exception {
            String stamp = now();
            clock.advance(Duration.ofMinutes(10));

            envelope(sendStamped(singleView, stamp), 400);
            assertThat(sendStamped(singleView, now()).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("reads the stamp in the configured zone and honours a custom tolerance")
        void zoneAndTolerance() throws Exception {
            ZoneId kolkata = ZoneId.of("Asia/Kolkata");
            try (SingleViewEmulator indian = SingleViewEmulator.builder().clock(clock)
                    .timestampZone(kolkata).timestampTolerance(Duration.ZERO).start()) {
                Instant now = clock.instant();

                assertThat(sendStamped(indian, stamp(now, kolkata)).statusCode()).isEqualTo(200);
                assertThat(envelope(sendStamped(indian, stamp(now, ZoneId.of("UTC"))), 400))
                        .contains("19800 s").contains("Asia/Kolkata");
                envelope(sendStamped(indian, stamp(now.plusSeconds(1), kolkata)), 400);
            }
        }
    }

    @Nested
    @DisplayName("down() and up()")
    class Outage {

        @Test
        @DisplayName("down(\"Connect Refused\") answers the documented envelope with HTTP 200, on any path")
        void documentedOutage() throws Exception {
            singleView.down(SingleViewEmulator.CONNECT_REFUSED);

            HttpResponse<String> valid = send(valid());
            HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(
                    URI.create(singleView.baseUri() + "/health")).GET().build());

            assertThat(json(valid.body())).isEqualTo(json(
                    "{\"success\": false, \"payload\": {}, \"message\": \"Connect Refused\"}"));
            assertThat(envelope(valid, 200)).isEqualTo("Connect Refused");
            assertThat(envelope(elsewhere, 200)).isEqualTo("Connect Refused");
            assertThat(singleView.isDown()).isTrue();
            assertThat(singleView.tokensIssued()).isZero();
        }

        @Test
        @DisplayName("down() is the documented outage; down(503, …) uses another status; up() restores")
        void statusAndUp() throws Exception {
            singleView.down();
            HttpResponse<String> documented = send(valid());
            singleView.down(503, "Service Unavailable");
            HttpResponse<String> unavailable = send(valid());
            singleView.up();
            HttpResponse<String> restored = send(valid());

            assertThat(envelope(documented, 200)).isEqualTo("Connect Refused");
            assertThat(envelope(unavailable, 503)).isEqualTo("Service Unavailable");
            assertThat(restored.statusCode()).isEqualTo(200);
            assertThat(json(restored.body()).getString("token_type")).isEqualTo("Bearer");
            assertThat(singleView.isDown()).isFalse();
            assertThat(singleView.tokensIssued()).isEqualTo(1);
            assertThat(singleView.toString()).doesNotContain("down");
        }

        @Test
        @DisplayName("down(…) rejects a status that cannot carry the envelope")
        void invalidStatus() {
            assertThatThrownBy(() -> singleView.down(204, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> singleView.down(100, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> singleView.down(600, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> singleView.down(null)).isInstanceOf(NullPointerException.class);
            assertThat(singleView.isDown()).isFalse();
        }
    }

    @Nested
    @DisplayName("scripting, concurrency and lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("a response enqueued on server() answers first, even while down")
        void scriptedFaultPreempts() throws Exception {
            singleView.server().enqueue(FakeResponse.status(502), FakeResponse.ok("{\"not\":\"a token\"}"));
            singleView.down();

            HttpResponse<String> first = send(valid());
            HttpResponse<String> second = send(valid());
            HttpResponse<String> third = send(valid());
            singleView.up();
            HttpResponse<String> fourth = send(valid());

            assertThat(first.statusCode()).isEqualTo(502);
            assertThat(second.body()).isEqualTo("{\"not\":\"a token\"}");
            assertThat(envelope(third, 200)).isEqualTo("Connect Refused");
            assertThat(fourth.statusCode()).isEqualTo(200);
            assertThat(singleView.server().requestCount()).isEqualTo(4);
            assertThat(singleView.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("500 concurrent requests all get 200 and distinct tokens")
        void concurrent() throws Exception {
            int count = 500;
            HttpRequest request = valid();
            ExecutorService clientThreads = Executors.newFixedThreadPool(4);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            try {
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(clientThreads)
                        .build();
                for (int i = 0; i < count; i++) {
                    calls.add(client.sendAsync(request, BodyHandlers.ofString()));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                        .get(2, TimeUnit.MINUTES);
            } finally {
                clientThreads.shutdownNow();
            }

            assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
            Set<String> tokens = calls.stream()
                    .map(call -> json(call.join().body()).getString("access_token"))
                    .collect(Collectors.toSet());
            assertThat(tokens).hasSize(count);
            assertThat(singleView.tokensIssued()).isEqualTo(count);
        }

        @Test
        @DisplayName("reset() brings it up, forgets counts and script, and keeps emulating")
        void reset() throws Exception {
            token();
            singleView.down();
            singleView.server().enqueue(FakeResponse.status(503));

            singleView.reset();

            assertThat(singleView.isDown()).isFalse();
            assertThat(singleView.tokensIssued()).isZero();
            assertThat(singleView.server().requestCount()).isZero();
            token();
            assertThat(singleView.tokensIssued()).isEqualTo(1);
        }

        @Test
        @DisplayName("addresses, toString without the client code, close() twice")
        void addressesToStringClose() {
            assertThat(singleView.baseUri().toString()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
            assertThat(singleView.tokenEndpoint())
                    .isEqualTo(URI.create(singleView.baseUri() + "/v1/api/svplatform/token"));
            assertThat(singleView.toString()).contains(SingleViewEmulator.DEMO_CLIENT_ID)
                    .contains(SingleViewEmulator.DEMO_COMPANY_ID)
                    .doesNotContain(SingleViewEmulator.DEMO_CLIENT_CODE);
            singleView.down();
            assertThat(singleView.toString()).contains("down");

            singleView.close();
            singleView.close();

            assertThatThrownBy(() -> send(valid())).isInstanceOf(IOException.class);
        }

        @Test
        @DisplayName("SingleViewEmulator.start() uses the defaults and the system clock")
        void defaults() throws Exception {
            try (SingleViewEmulator defaults = SingleViewEmulator.start()) {
                Map<String, String> headers = with(validHeaders(), "DateTimeStamp",
                        stamp(Instant.now(), ZoneId.of("UTC")));
                HttpResponse<String> response = send(post(defaults.tokenEndpoint(), headers, VALID_BODY));

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(json(response.body()).getString("expires_in")).isEqualTo("6000");
            }
        }

        @Test
        @DisplayName("the builder rejects invalid settings")
        void builderValidation() {
            SingleViewEmulator.Builder builder = SingleViewEmulator.builder();

            assertThatThrownBy(() -> builder.credentials("id", "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("clientCode");
            assertThatThrownBy(() -> builder.companyId(" DEMOCO")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.companyId("DEMO\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.expiresIn(Duration.ofMillis(6_000_500)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.jwtLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.timestampTolerance(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.timestampZone(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
