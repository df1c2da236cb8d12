package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.testing.ManualClock;
import jakarta.json.Json;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every emulator's protected API, {@code GET /api/me}: its own unexpired tokens open it; no
 * token, a changed token, another emulator's token, an expired one, a long header and another
 * method do not. Real HTTP on loopback, the emulators' clocks virtual.
 */
@Timeout(60)
class ProtectedEndpointTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern(SingleViewEmulator.TIMESTAMP_PATTERN);

    /** One emulator under test: how to start it on a clock and get a token from its token endpoint. */
    private record Vendor(String name, Function<ManualClock, VendorEmulator> start, String subject) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> vendors() {
        return Stream.of(
                Arguments.of(new Vendor("symbl", c -> SymblEmulator.builder().clock(c).start(), SymblEmulator.DEMO_APP_ID)),
                Arguments.of(new Vendor("singleview", c -> SingleViewEmulator.builder().clock(c).start(), null)),
                Arguments.of(new Vendor("oauth2", c -> OAuth2Emulator.builder().clock(c).start(),
                        OAuth2Emulator.DEMO_CLIENT_ID)));
    }

    private static String token(VendorEmulator emulator, ManualClock clock) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.tokenEndpoint());
        String field;
        if (emulator instanceof SymblEmulator) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"type\":\"application\",\"appId\":\"" + SymblEmulator.DEMO_APP_ID + "\",\"appSecret\":\""
                            + SymblEmulator.DEMO_APP_SECRET + "\"}"));
            field = "accessToken";
        } else if (emulator instanceof SingleViewEmulator) {
            request.header("Content-Type", "application/json").header("CompanyId", SingleViewEmulator.DEMO_COMPANY_ID)
                    .header("SVReferenceID", "BEMC0001").header("Device", "Web")
                    .header("DateTimeStamp", STAMP.format(clock.instant().atOffset(ZoneOffset.UTC)))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"" + SingleViewEmulator.DEMO_CLIENT_ID
                            + "\",\"clientCode\":\"" + SingleViewEmulator.DEMO_CLIENT_CODE
                            + "\",\"grant_type\":\"client_credentials\"}"));
            field = "access_token";
        } else {
            String pair = OAuth2Emulator.DEMO_CLIENT_ID + ":" + OAuth2Emulator.DEMO_CLIENT_SECRET;
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
            field = "access_token";
        }
        HttpResponse<String> answer = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("token answer %s", answer.body()).isEqualTo(200);
        return json(answer.body()).getString(field);
    }

    private static HttpResponse<String> me(VendorEmulator emulator, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.protectedEndpoint()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private static void assertInvalidToken(HttpResponse<String> answer, String description) {
        assertThat(answer.statusCode()).as("status of %s", answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).get().asString()
                .startsWith("Bearer realm=\"tokenkit-emulator\", error=\"invalid_token\"")
                .contains("error_description=\"" + description + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    @DisplayName("its own token opens the API until the token expires on the emulator's clock; nothing else does")
    void ownTokenOnly(Vendor vendor) throws Exception {
        ManualClock clock = ManualClock.at(Instant.parse("2025-01-02T10:20:39Z"));
        try (VendorEmulator emulator = vendor.start().apply(clock);
             SymblEmulator other = SymblEmulator.builder().clock(clock).start()) {
            assertThat(emulator.protectedEndpoint()).isEqualTo(URI.create(emulator.baseUri() + "/api/me"));
            String token = token(emulator, clock);

            HttpResponse<String> ok = me(emulator, "Bearer " + token);
            assertThat(ok.statusCode()).as("status of %s", ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
            JsonObject body = json(ok.body());
            assertThat(body.getJsonNumber("expires_in").longValueExact()).isPositive();
            if (vendor.subject() != null) {
                assertThat(body.getString("sub")).isEqualTo(vendor.subject());
            } else {
                assertThat(body.containsKey("sub")).isFalse();
            }
            assertThat(me(emulator, "bearer  " + token).statusCode()).as("the scheme in any case").isEqualTo(200);

            HttpResponse<String> none = me(emulator, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tokenkit-emulator\"");

            assertInvalidToken(me(emulator, "Basic " + token), "the Authorization header must be 'Bearer <token>'");
            assertInvalidToken(me(emulator, "Bearer"), "the Authorization header must be 'Bearer <token>'");
            assertInvalidToken(me(emulator, "Bearer " + token(other, clock)), "the token was not issued by this emulator");
            String[] parts = token.split("\\.");
            String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            assertInvalidToken(me(emulator, "Bearer " + forged), "the token was not issued by this emulator");
            assertInvalidToken(me(emulator, "Bearer " + token + "x"), "the token was not issued by this emulator");
            assertInvalidToken(me(emulator, "Bearer not-a-jwt"), "the token was not issued by this emulator");
            assertInvalidToken(me(emulator, "Bearer " + "a.".repeat(50_000)), "the Authorization header must be 'Bearer <token>'");

            long left = body.getJsonNumber("expires_in").longValueExact();
            clock.advance(Duration.ofSeconds(left - 1));
            assertThat(me(emulator, "Bearer " + token).statusCode()).as("one second before exp").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            assertInvalidToken(me(emulator, "Bearer " + token), "the token expired");

        }
    }

    @Test
    @DisplayName("GET only (405 with Allow), and it answers while SingleView's token endpoint is down")
    void methodAndOutage() throws Exception {
        ManualClock clock = ManualClock.at(Instant.parse("2025-01-02T10:20:39Z"));
        try (SingleViewEmulator singleView = SingleViewEmulator.builder().clock(clock).start()) {
            String token = token(singleView, clock);
            HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(singleView.protectedEndpoint())
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            singleView.down();
            assertThat(me(singleView, "Bearer " + token).statusCode()).isEqualTo(200);
        }
    }
}
