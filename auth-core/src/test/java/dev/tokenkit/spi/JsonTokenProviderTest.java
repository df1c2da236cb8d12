package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.testsupport.Jwts;
import dev.tokenkit.testsupport.Leaks;
import dev.tokenkit.testsupport.LoopbackServer;
import dev.tokenkit.testsupport.StubFactory;
import dev.tokenkit.testsupport.TestTokenFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A provider built on {@link JsonTokenProvider}, created through the registry and fetching over the
 * real JDK transport from a loopback HTTP server: wire format, success parsing, status mapping,
 * transport limits, robustness against bad bodies and secret hygiene.
 */
@DisplayName("JsonTokenProvider end to end over loopback HTTP")
@Timeout(20)
class JsonTokenProviderTest {
    static final String APP_ID = "my-app";
    static final String SECRET = "app-S3CR3T-9f8e7d";
    static final String TOKEN = "tok-ISSUED-5a4b3c";

    LoopbackServer server;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TokenProvider provider(InstantSource clock, URI base, String... options) {
        ProviderConfig.Builder b = ProviderConfig.builder()
                .put("base-url", base.toString())
                .put("app-id", APP_ID)
                .putSecret("app-secret", SECRET);
        for (int i = 0; i + 1 < options.length; i += 2) {
            b.put(options[i], options[i + 1]);
        }
        return TokenProviders.of(new TestTokenFactory("acme")).withClock(clock).provider("acme", b.build());
    }

    TokenProvider provider(String... options) {
        return provider(InstantSource.system(), server.uri(), options);
    }

    /** Fetches, expects the given error type, and checks that the error shows neither secret nor token. */
    static <T extends TokenException> T fetchFails(TokenProvider provider, Class<T> type, String... alsoHidden) {
        Throwable t = catchThrowable(provider::fetch);
        assertThat(t).as("fetch() must fail with " + type.getSimpleName()).isInstanceOf(type);
        List<String> hidden = new ArrayList<>(List.of(SECRET, TOKEN));
        hidden.addAll(List.of(alsoHidden));
        Leaks.assertNoLeak(t, hidden.toArray(String[]::new));
        assertThat(((TokenException) t).providerId()).contains("acme");
        return type.cast(t);
    }

    static String ok(String token, Object ttl) {
        return "{\"token\":\"" + token + "\",\"ttl\":" + ttl + "}";
    }

    @Nested
    @DisplayName("the wire request")
    class Wire {
        @Test
        @DisplayName("is one POST to {base-url}/oauth/token with JSON content type and the exact JSON body")
        void exactRequest() {
            server.answer(200, ok(TOKEN, 60));

            provider().fetch();

            LoopbackServer.Recorded r = server.onlyRequest();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/oauth/token");
            assertThat(r.header("Content-Type")).contains("application/json");
            assertThat(r.header("Accept")).contains("application/json");
            assertThat(r.header("Host")).contains("127.0.0.1:" + server.port());
            assertThat(r.header("Authorization")).isEmpty();
            assertThat(r.header("Upgrade")).as("plain http is HTTP/1.1 without an h2c upgrade").isEmpty();
            assertThat(r.header("Content-Length")).contains(String.valueOf(r.body().length));
            assertThat(r.bodyText()).isEqualTo("{\"id\":\"" + APP_ID + "\",\"secret\":\"" + SECRET + "\"}");
        }

        @Test
        @DisplayName("a base-url with a path and a trailing slash is joined without a double slash")
        void basePath() {
            server.answer(200, ok(TOKEN, 60));

            provider(InstantSource.system(), URI.create(server.uri() + "/tenant/x/")).fetch();

            assertThat(server.onlyRequest().path()).isEqualTo("/tenant/x/oauth/token");
        }

        @Test
        @DisplayName("each fetch() makes exactly one request (no caching, no retry)")
        void oneRequestPerFetch() {
            server.answer(503, "{}");
            TokenProvider p = provider();

            fetchFails(p, ProviderUnavailableException.class);
            assertThat(server.requestCount()).isEqualTo(1);
            server.answer(200, ok(TOKEN, 60));
            p.fetch();
            p.fetch();
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("a success answer")
    class Success {
        final Instant now = Instant.parse("2031-03-04T05:06:07Z");

        @Test
        @DisplayName("gives the token with its declared lifetime, issued now by the registry's clock")
        void parsesTokenAndLifetime() {
            server.answer(200, ok(TOKEN, 3600));

            AccessToken t = provider(() -> now, server.uri()).fetch();

            assertThat(t.value()).isEqualTo(TOKEN);
            assertThat(t.type()).isEqualTo("Bearer");
            assertThat(t.issuedAt()).isEqualTo(now);
            assertThat(t.expiresAt()).contains(now.plusSeconds(3600));
            assertThat(t.authorizationHeader()).isEqualTo("Bearer " + TOKEN);
        }

        @Test
        @DisplayName("accepts a lifetime given as a string, a fraction, or missing; normalises type 'bearer'")
        void lifetimeForms() {
            server.answer(200, "{\"token\":\"" + TOKEN + "\",\"ttl\":\"6000\",\"type\":\"bearer\"}");
            AccessToken s = provider(() -> now, server.uri()).fetch();
            assertThat(s.expiresAt()).contains(now.plusSeconds(6000));
            assertThat(s.type()).isEqualTo("Bearer");

            server.answer(200, ok(TOKEN, 1.5));
            assertThat(provider(() -> now, server.uri()).fetch().expiresAt()).contains(now.plusMillis(1500));

            server.answer(200, "{\"token\":\"" + TOKEN + "\"}");
            assertThat(provider(() -> now, server.uri()).fetch().expiresAt()).isEmpty();
        }

        @Test
        @DisplayName("a JWT whose exp is earlier than the declared lifetime expires at exp")
        void jwtExpWins() {
            String jwt = Jwts.expiringAt(now.plusSeconds(600));
            server.answer(200, ok(jwt, 6000));

            AccessToken t = provider(() -> now, server.uri()).fetch();

            assertThat(t.expiresAt()).contains(now.plusSeconds(600));
        }

        @Test
        @DisplayName("whitespace around the JSON and unknown fields are tolerated")
        void tolerant() {
            server.answer(200, "\n  {\"token\":\"" + TOKEN + "\",\"ttl\":60,\"scope\":[\"a\"],\"extra\":{\"x\":1}}  \n");
            assertThat(provider().fetch().value()).isEqualTo(TOKEN);
        }

        @Test
        @DisplayName("any 2xx status is a success")
        void anyTwoHundred() {
            server.answer(201, ok(TOKEN, 60));
            assertThat(provider().fetch().value()).isEqualTo(TOKEN);
        }
    }

    @Nested
    @DisplayName("RFC 6749 §5.2 error answers, for every provider")
    class OAuth2Errors {
        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {400, 401})
        @DisplayName("invalid_client at 400 or 401 is invalid credentials, with the code and description")
        void invalidClient(int status) {
            server.answer(status, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");

            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);

            assertThat(e.httpStatus()).hasValue(status);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("error=invalid_client")
                    .hasMessageContaining("error_description=\"Client authentication failed\"")
                    .hasMessageContaining("app-secret");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"invalid_request", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"})
        @DisplayName("the other codes are a rejected request, with the code and description, whatever the 4xx")
        void rejections(String code) {
            for (int status : new int[] {400, 401, 403}) {
                server.answer(status, "{\"error\":\"" + code + "\",\"error_description\":\"about " + code
                        + "\",\"error_uri\":\"https://docs.example/errors\"}");

                TokenRequestRejectedException e = fetchFails(provider(), TokenRequestRejectedException.class);

                assertThat(e.httpStatus()).hasValue(status);
                assertThat(e.isRetryable()).isFalse();
                assertThat(e).hasMessageContaining("error=" + code)
                        .hasMessageContaining("error_description=\"about " + code + "\"")
                        .hasMessageContaining("error_uri=https://docs.example/errors");
            }
        }

        @Test
        @DisplayName("the code is kept when a description is present (it used to be dropped)")
        void codeAndDescription() {
            server.answer(400, "{\"error\":\"invalid_scope\",\"error_description\":\"scope 'admin' is not allowed\"}");
            assertThat(fetchFails(provider(), TokenRequestRejectedException.class))
                    .hasMessageContaining("invalid_scope").hasMessageContaining("scope 'admin' is not allowed");
        }

        @Test
        @DisplayName("a WWW-Authenticate challenge without a body supplies the code")
        void challengeCode() {
            server.answer(401, "", "WWW-Authenticate",
                    "Bearer realm=\"login\", error=\"invalid_client\", error_description=\"bad \\\"client\\\" secret\"");

            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);

            assertThat(e).hasMessageContaining("error=invalid_client")
                    .hasMessageContaining("error_description=\"bad \"client\" secret\"");
        }

        @ParameterizedTest(name = "{0} characters")
        @ValueSource(ints = {5_000, 100_000})
        @DisplayName("a WWW-Authenticate of any length is read in one pass: still invalid credentials, never a stack overflow")
        void longChallenge(int length) {
            String description = "x\\\"" + "x".repeat(length);
            server.answer(401, "", "WWW-Authenticate",
                    "Basic realm=\"x\", error=\"invalid_client\", error_description=\"" + description + "\"");

            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);

            assertThat(e).hasMessageContaining("error=invalid_client").hasMessageContaining("error_description=\"x\"xxx");
            assertThat(e.getMessage()).hasSizeLessThan(1000);
        }

        @Test
        @DisplayName("challenge parameters: spaces around '=', tokens and quoted strings, the first of a repeated name, an unterminated quote")
        void challengeSyntax() {
            server.answer(401, "", "WWW-Authenticate",
                    "  Bearer  realm = \"a, b\" ,error=invalid_client,error=other, error_description=\"unterminated");
            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);
            assertThat(e).hasMessageContaining("error=invalid_client, error_description=\"\"unterminated\"");
        }

        @Test
        @DisplayName("a Basic challenge without a code says which authentication the server asks for")
        void basicChallenge() {
            server.answer(401, "", "WWW-Authenticate", "Basic realm=\"token service\"");
            assertThat(fetchFails(provider(), InvalidCredentialsException.class))
                    .hasMessageContaining("the server asks for Basic authentication (WWW-Authenticate)");
        }

        @Test
        @DisplayName("an unknown code keeps the status mapping and still shows the code")
        void unknownCode() {
            server.answer(400, "{\"error\":\"temporarily_unavailable\"}");
            assertThat(fetchFails(provider(), TokenRequestRejectedException.class))
                    .hasMessageContaining("error=temporarily_unavailable");
            server.answer(503, "{\"error\":\"invalid_client\"}");
            assertThat(fetchFails(provider(), ProviderUnavailableException.class).isRetryable()).isTrue();
        }

        @Test
        @DisplayName("429 stays rate limited whatever the code")
        void rateLimited() {
            server.answer(429, "{\"error\":\"invalid_request\"}", "Retry-After", "3");
            assertThat(fetchFails(provider(), RateLimitedException.class).retryAfter()).contains(Duration.ofSeconds(3));
        }

        @Test
        @DisplayName("vendor text is sanitized and secrets redacted in the code and description")
        void sanitized() {
            server.answer(400, "{\"error\":\"invalid_scope\",\"error_description\":\"secret " + SECRET + "\\n\\u0007 is wrong\"}");
            TokenRequestRejectedException e = fetchFails(provider(), TokenRequestRejectedException.class);
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0007");
        }
    }

    @Nested
    @DisplayName("status mapping")
    class Statuses {
        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {401, 403})
        @DisplayName("401 and 403 are invalid credentials, not retryable, naming the credential options")
        void invalidCredentials(int status) {
            server.answer(status, "{\"error\":\"invalid_client\"}");

            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);

            assertThat(e.httpStatus()).hasValue(status);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("app-id").hasMessageContaining("app-secret")
                    .hasMessageContaining("error=invalid_client");
        }

        @Test
        @DisplayName("429 with Retry-After seconds is rate limited with retryAfter()")
        void rateLimitedSeconds() {
            server.answer(429, "{}", "Retry-After", "7");

            RateLimitedException e = fetchFails(provider(), RateLimitedException.class);

            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.httpStatus()).hasValue(429);
        }

        @Test
        @DisplayName("429 with Retry-After as an HTTP-date is rate limited with the delay until that date")
        void rateLimitedDate() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atOffset(ZoneOffset.UTC));
            server.answer(429, "{}", "Retry-After", date);

            RateLimitedException e = fetchFails(provider(() -> now, server.uri()), RateLimitedException.class);

            assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        }

        @Test
        @DisplayName("429 without Retry-After is rate limited without retryAfter()")
        void rateLimitedBare() {
            server.answer(429, "");
            assertThat(fetchFails(provider(), RateLimitedException.class).retryAfter()).isEmpty();
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {500, 502, 503, 504})
        @DisplayName("5xx is provider unavailable, retryable, with the status")
        void unavailable(int status) {
            server.answer(status, "<html>down</html>", "Content-Type", "text/html");

            ProviderUnavailableException e = fetchFails(provider(), ProviderUnavailableException.class);

            assertThat(e.isRetryable()).isTrue();
            assertThat(e.httpStatus()).hasValue(status);
        }

        @Test
        @DisplayName("503 with Retry-After carries retryAfter()")
        void unavailableRetryAfter() {
            server.answer(503, "", "Retry-After", "30");
            assertThat(fetchFails(provider(), ProviderUnavailableException.class).retryAfter())
                    .contains(Duration.ofSeconds(30));
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {400, 404, 405, 409, 422})
        @DisplayName("other 4xx are rejected requests, not retryable")
        void rejected(int status) {
            server.answer(status, "{\"error_description\":\"no such client\"}");

            TokenRequestRejectedException e = fetchFails(provider(), TokenRequestRejectedException.class);

            assertThat(e.isRetryable()).isFalse();
            assertThat(e.httpStatus()).hasValue(status);
            assertThat(e).hasMessageContaining("no such client");
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {301, 302, 303, 307, 308})
        @DisplayName("a redirect to another server is rejected and the redirect target is never contacted")
        void redirectNotFollowed(int status) {
            try (LoopbackServer elsewhere = LoopbackServer.start()) {
                elsewhere.answer(200, ok(TOKEN, 60));
                server.answer(status, "", "Location", elsewhere.uri() + "/steal");

                TokenRequestRejectedException e = fetchFails(provider(), TokenRequestRejectedException.class);

                assertThat(e.httpStatus()).hasValue(status);
                assertThat(e).hasMessageContaining("redirect").hasMessageContaining("127.0.0.1");
                assertThat(elsewhere.requestCount()).isZero();
                assertThat(server.requestCount()).isEqualTo(1);
            }
        }

        @Test
        @DisplayName("a vendor error message echoing the secret is redacted")
        void vendorEchoRedacted() {
            server.answer(401, "{\"message\":\"app secret " + SECRET + " is not valid for " + APP_ID + "\"}");

            InvalidCredentialsException e = fetchFails(provider(), InvalidCredentialsException.class);

            assertThat(e).hasMessageContaining("vendor says \"app secret **** is not valid for my-app\"");
        }

        @Test
        @DisplayName("a vendor echoing the secret URL-encoded or JSON-escaped is redacted too")
        void vendorEchoOtherFormsRedacted() {
            String special = "s3\"cr/\u00e4t k";
            String encoded = java.net.URLEncoder.encode(special, java.nio.charset.StandardCharsets.UTF_8);
            server.answer(401, "{\"message\":\"client_secret=" + encoded + " rejected\"}");
            TokenProvider provider = TokenProviders.of(new TestTokenFactory("acme")).provider("acme",
                    ProviderConfig.builder().put("base-url", server.uri().toString()).put("app-id", APP_ID)
                            .putSecret("app-secret", special).build());

            InvalidCredentialsException e = fetchFails(provider, InvalidCredentialsException.class, encoded, special);

            assertThat(e).hasMessageContaining("client_secret=**** rejected");
        }

        @Test
        @DisplayName("vendor text has control characters replaced and is truncated")
        void vendorTextSanitised() {
            server.answer(400, "{\"message\":\"line1\\r\\nX-Injected: yes " + "x".repeat(500) + "\"}");

            TokenRequestRejectedException e = fetchFails(provider(), TokenRequestRejectedException.class);

            assertThat(e.getMessage()).doesNotContain("\r", "\n").contains("line1??X-Injected").contains("...")
                    .hasSizeLessThan(600);
        }
    }

    @Nested
    @DisplayName("transport limits")
    class Transport {
        @Test
        @DisplayName("a body over max-response-bytes with Content-Length is malformed")
        void oversizedWithLength() {
            server.answer(200, ok(TOKEN + "x".repeat(2000), 60));
            MalformedResponseException e = fetchFails(provider("max-response-bytes", "1024"), MalformedResponseException.class);
            assertThat(e).hasMessageContaining("larger than 1024 bytes (max-response-bytes)");
        }

        @Test
        @DisplayName("a chunked body over max-response-bytes is malformed")
        void oversizedChunked() {
            server.answer(LoopbackServer.chunked(200_000));
            MalformedResponseException e = fetchFails(provider("max-response-bytes", "4096"), MalformedResponseException.class);
            assertThat(e).hasMessageContaining("max-response-bytes");
        }

        @Test
        @DisplayName("an oversized error body is malformed too (never read into memory whole)")
        void oversizedError() {
            server.answer(500, "x".repeat(5000));
            fetchFails(provider("max-response-bytes", "1024"), MalformedResponseException.class);
        }

        @Test
        @DisplayName("a body of exactly max-response-bytes is accepted")
        void exactlyAtCap() {
            String body = ok(TOKEN, 60);
            String padded = body.substring(0, body.length() - 1) + ",\"pad\":\"" + "p".repeat(100) + "\"}";
            server.answer(200, padded);
            int size = padded.getBytes(StandardCharsets.UTF_8).length;
            assertThat(provider("max-response-bytes", String.valueOf(size)).fetch().value()).isEqualTo(TOKEN);
            fetchFails(provider("max-response-bytes", String.valueOf(size - 1)), MalformedResponseException.class);
        }

        @Test
        @DisplayName("a 10 MB body at the default cap (64 KiB) is malformed, read no further than the cap")
        void tenMegabytes() {
            server.answer(LoopbackServer.padded(ok(TOKEN, 60), 10L * 1024 * 1024));
            long start = System.nanoTime();
            MalformedResponseException e = fetchFails(provider(), MalformedResponseException.class);
            assertThat(e).hasMessageContaining("larger than 65536 bytes (max-response-bytes)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        @DisplayName("a body trickled a byte every 100 ms is unavailable at request-timeout: a total deadline, not one per read")
        void trickledBody() {
            String body = ok(TOKEN, 60) + " ".repeat(20);
            Duration wholeBody = Duration.ofMillis(100L * body.length());
            server.answer(server.trickled(body, Duration.ofMillis(100)));
            long start = System.nanoTime();
            ProviderUnavailableException e = fetchFails(provider("request-timeout", "500ms"), ProviderUnavailableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e).hasMessageContaining("request-timeout");
            // every read returns within 100 ms, so only a deadline for the whole exchange ends it early
            assertThat(took).as("time to fail; the whole body takes %s", wholeBody).isLessThan(wholeBody.dividedBy(2));
        }

        @Test
        @DisplayName("a server that never answers is unavailable within request-timeout")
        void neverAnswers() {
            server.hang();
            ProviderUnavailableException e = fetchFails(provider("request-timeout", "300ms"), ProviderUnavailableException.class);
            assertThat(e).hasMessageContaining("request-timeout");
            assertThat(e.httpStatus()).isEmpty();
        }

        @Test
        @DisplayName("a server that sends headers and then stalls the body is unavailable within request-timeout")
        void stallsBody() {
            CountDownLatch released = new CountDownLatch(1);
            server.answer(exchange -> {
                exchange.sendResponseHeaders(200, 100);
                OutputStream os = exchange.getResponseBody();
                os.write("{\"token\":".getBytes(StandardCharsets.US_ASCII));
                os.flush();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                fetchFails(provider("request-timeout", "300ms"), ProviderUnavailableException.class);
            } finally {
                released.countDown();
            }
        }

        @Test
        @DisplayName("connection refused is unavailable")
        void connectionRefused() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ProviderUnavailableException e = fetchFails(provider(InstantSource.system(),
                    URI.create("http://127.0.0.1:" + port)), ProviderUnavailableException.class);
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.httpStatus()).isEmpty();
        }

        @Test
        @DisplayName("plain http to a non-loopback host is refused when the provider is created, before any connection")
        void insecureRefused() {
            assertThatThrownBy(() -> provider(InstantSource.system(), URI.create("http://example.invalid")))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("plain http to 'example.invalid'")
                    .satisfies(e -> Leaks.assertNoLeak(e, SECRET));
        }

        /** The transport the registry lends a provider configured for the loopback server. */
        HttpTransport transport(String... options) {
            TokenProviders providers = TokenProviders.of(new TestTokenFactory("acme"));
            ProviderConfig.Builder config = ProviderConfig.builder().put("base-url", server.uri().toString())
                    .put("app-id", "a").putSecret("app-secret", SECRET);
            for (int i = 0; i + 1 < options.length; i += 2) {
                config.put(options[i], options[i + 1]);
            }
            HttpTransport[] http = new HttpTransport[1];
            TokenProviders.of(new StubFactory(providers.describe("acme"), (c, ctx) -> {
                http[0] = ctx.http();
                return new StubFactory.Fixed("acme");
            })).provider("acme", config.build());
            return http[0];
        }

        @Test
        @DisplayName("the transport itself refuses plain http to a non-loopback host")
        void transportRefusesInsecure() {
            server.answer(200, ok(TOKEN, 60));
            HttpTransport http = transport();

            assertThatThrownBy(() -> http.send(TokenRequest.post(URI.create("http://example.invalid/token")).build()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("example.invalid");
            assertThatThrownBy(() -> http.send(TokenRequest.post(URI.create("ftp://127.0.0.1/token")).build()))
                    .isInstanceOf(ProviderConfigurationException.class);
            assertThat(server.requestCount()).isZero();
        }

        @Test
        @DisplayName("the transport returns any status with headers and body, leaving the mapping to the provider")
        void transportReturnsErrors() {
            server.answer(418, "{\"teapot\":true}", "X-Vendor", "v1");

            TokenResponse r = transport().send(TokenRequest.post(server.uri()).build());

            assertThat(r.status()).isEqualTo(418);
            assertThat(r.isSuccess()).isFalse();
            assertThat(r.header("x-vendor")).contains("v1");
            assertThat(r.bodyText()).isEqualTo("{\"teapot\":true}");
            assertThat(r.toString()).doesNotContain("teapot");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Host", "Content-Length", "Connection", "Expect", "Upgrade"})
        @DisplayName("a header the HTTP client reserves is a configuration error, not an IllegalArgumentException")
        void reservedHeader(String name) {
            HttpTransport http = transport();

            assertThatThrownBy(() -> http.send(TokenRequest.post(server.uri()).header(name, "1").build()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'" + name + "'");
            assertThat(server.requestCount()).isZero();
        }

        @Test
        @DisplayName("an absurdly long timeout is refused at validation instead of overflowing at fetch time")
        void absurdTimeout() {
            assertThatThrownBy(() -> provider("request-timeout", "1000000d"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("option 'request-timeout'");
            server.answer(200, ok(TOKEN, 60));
            assertThat(provider("request-timeout", "36500d", "connect-timeout", "36500d").fetch().value()).isEqualTo(TOKEN);
        }
    }

    static Stream<Arguments> malformedBodies() {
        String deep = "{\"token\":\"" + TOKEN + "\",\"x\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        return Stream.of(
                Arguments.of("empty body", ""),
                Arguments.of("HTML body", "<html><body>" + TOKEN + "</body></html>"),
                Arguments.of("truncated JSON", "{\"token\":\"" + TOKEN + "\",\"ttl\":6"),
                Arguments.of("truncated inside the token", "{\"token\":\"" + TOKEN),
                Arguments.of("JSON array", "[\"" + TOKEN + "\"]"),
                Arguments.of("JSON string", "\"" + TOKEN + "\""),
                Arguments.of("JSON null", "null"),
                Arguments.of("trailing garbage", ok(TOKEN, 60) + " {\"more\":1}"),
                Arguments.of("duplicate keys", "{\"token\":\"" + TOKEN + "\",\"token\":\"" + TOKEN + "2\",\"ttl\":60}"),
                Arguments.of("10,000 levels of nesting", deep),
                Arguments.of("10,000 nested arrays", "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"token\":\""
                        + TOKEN + "\",\"ttl\":60}"),
                Arguments.of("token is a number", "{\"token\":12345,\"ttl\":60}"),
                Arguments.of("token is an array", "{\"token\":[\"" + TOKEN + "\"],\"ttl\":60}"),
                Arguments.of("token is null", "{\"token\":null,\"ttl\":60}"),
                Arguments.of("token is missing", "{\"ttl\":60}"),
                Arguments.of("token is empty", "{\"token\":\"\",\"ttl\":60}"),
                Arguments.of("type is a number", "{\"token\":\"" + TOKEN + "\",\"type\":7,\"ttl\":60}"),
                Arguments.of("lifetime is a boolean", ok(TOKEN, "true")),
                Arguments.of("lifetime is an object", ok(TOKEN, "{}")),
                Arguments.of("lifetime \"abc\"", ok(TOKEN, "\"abc\"")),
                Arguments.of("lifetime -5", ok(TOKEN, "-5")),
                Arguments.of("lifetime \"-5\"", ok(TOKEN, "\"-5\"")),
                Arguments.of("lifetime 0", ok(TOKEN, "0")),
                Arguments.of("lifetime 1e10000000000", ok(TOKEN, "1e10000000000")),
                Arguments.of("lifetime 1e-10", ok(TOKEN, "1e-10")),
                Arguments.of("lifetime \"NaN\"", ok(TOKEN, "\"NaN\"")),
                Arguments.of("lifetime \"Infinity\"", ok(TOKEN, "\"Infinity\"")),
                Arguments.of("lifetime of 400 digits", ok(TOKEN, "9".repeat(400))),
                Arguments.of("lifetime over a year", ok(TOKEN, "40000000")),
                Arguments.of("token with CR LF", ok(TOKEN + "\\r\\nX-Evil: 1", 60)),
                Arguments.of("token with a space", ok(TOKEN + " more", 60)),
                Arguments.of("token with a tab", ok(TOKEN + "\\tmore", 60)),
                Arguments.of("token with non-ASCII", ok(TOKEN + "\u00e9", 60)),
                Arguments.of("token with an escaped NUL", ok(TOKEN + "\\u0000", 60)));
    }

    @Nested
    @DisplayName("robustness of success answers")
    class Robustness {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tokenkit.spi.JsonTokenProviderTest#malformedBodies")
        @DisplayName("a 200 answer that is not a usable token answer is malformed, never another exception type")
        void malformed(String name, String body) {
            server.answer(200, body);

            MalformedResponseException e = fetchFails(provider(), MalformedResponseException.class);

            assertThat(e.getClass()).isEqualTo(MalformedResponseException.class);
            assertThat(e.httpStatus()).hasValue(200);
            assertThat(e.isRetryable()).isFalse();
        }

        @Test
        @DisplayName("a 204 without a body is malformed")
        void noContent() {
            server.answer(204, "");
            fetchFails(provider(), MalformedResponseException.class);
        }

        @Test
        @DisplayName("a body that is not UTF-8 is malformed")
        void notUtf8() {
            server.answer(exchange -> {
                byte[] bytes = {'{', '"', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            });
            fetchFails(provider(), MalformedResponseException.class);
        }

        @Test
        @DisplayName("an already-expired JWT is malformed, and neither its value nor the secret is shown")
        void expiredJwt() {
            String jwt = Jwts.expiringAt(Instant.now().minus(Duration.ofHours(1)));
            server.answer(200, ok(jwt, 3600));

            MalformedResponseException e = fetchFails(provider(), MalformedResponseException.class, jwt);

            assertThat(e).hasMessageContaining("already expired");
        }

        @Test
        @DisplayName("a JWT with a garbage payload is tolerated: the declared lifetime applies")
        void garbageJwtTolerated() {
            Instant now = Instant.parse("2031-01-01T00:00:00Z");
            String jwt = "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln";
            server.answer(200, ok(jwt, 60));

            AccessToken t = provider(() -> now, server.uri()).fetch();

            assertThat(t.value()).isEqualTo(jwt);
            assertThat(t.expiresAt()).contains(now.plusSeconds(60));
        }
    }
}
