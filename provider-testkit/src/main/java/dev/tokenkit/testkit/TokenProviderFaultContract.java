package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The fault matrix every tokenkit provider survives: transport faults (refused, reset, silent and
 * trickling servers), 5xx and 429 answers through a {@link TokenSource} on virtual time, and
 * hostile bodies (HTML, empty, truncated, arrays, duplicate keys, deep nesting, 10 MB, invalid
 * lifetimes, unsafe token values, bytes that are not UTF-8, redirects). Each row must end in the
 * right typed error, or recover, within a bounded time and a bounded number of requests; a second
 * check runs every row and every configuration error again and searches everything the run
 * printed, logged or showed in {@code toString()} for the secrets and the issued token.
 *
 * <p>{@link TokenProviderContract} extends this class, so a provider's contract test runs the
 * matrix too and answers these hooks once. Extend this class directly only to run the matrix
 * without the rest of the contract:
 *
 * <pre>{@code
 * class AcmeFaultMatrixTest extends TokenProviderFaultContract {
 *     protected String providerId() { return "acme"; }
 *     protected ProviderConfig validConfig(URI baseUri) { ... }
 *     protected String successBody(String token, String lifetimeJson) { ... }
 * }
 * }</pre>
 *
 * <p>Vendor-specific failures (such as an error envelope sent with HTTP 200) join the matrix
 * through {@link #vendorFaults()}. The rows are listed in one table, {@link #faultMatrix()}; the
 * checks are package-private so an implementation cannot drop one. Every row prints one line
 * ({@code fault-matrix <id> | row | outcome | requests | time}) and the last line gives totals.
 */
public abstract class TokenProviderFaultContract {
    /** The longest any row may take in real time: the slowest faults are cut at 500 ms. */
    static final Duration ROW_TIME_LIMIT = Duration.ofSeconds(5);
    /** The request-timeout the silent and trickling servers are given. */
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    /** Creates the contract; subclasses need a no-argument constructor. */
    protected TokenProviderFaultContract() {
    }

    // ------------------------------------------------------------------ hooks

    /**
     * The id of the provider under test.
     *
     * @return the provider id
     */
    protected abstract String providerId();

    /**
     * A complete, valid configuration whose token endpoint is under {@code baseUri}; secret
     * options should have distinctive values of at least 8 characters.
     *
     * @param baseUri the fake server's base URI
     * @return the configuration
     */
    protected abstract ProviderConfig validConfig(URI baseUri);

    /**
     * The body of the vendor's success answer carrying this token and lifetime.
     *
     * @param token        the token value
     * @param lifetimeJson the lifetime as a JSON literal
     * @return the JSON body
     */
    protected abstract String successBody(String token, String lifetimeJson);

    /**
     * The vendor's answer to invalid credentials. Default: HTTP 401 with a JSON message.
     *
     * @return the answer
     */
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).json("{\"message\":\"Unauthorized\"}");
    }

    /**
     * Vendor-specific failures added to the matrix, each fetched once and expected to fail with
     * the given type. Default none.
     *
     * @return the extra rows
     */
    protected List<VendorFault> vendorFaults() {
        return List.of();
    }

    /**
     * A vendor-specific row of the fault matrix.
     *
     * @param name     what the fault is, in words
     * @param response the vendor's answer
     * @param expected the exception type one fetch must end in
     */
    public record VendorFault(String name, FakeResponse response, Class<? extends TokenException> expected) {
        /**
         * Checks the components.
         *
         * @param name     what the fault is, in words
         * @param response the vendor's answer
         * @param expected the exception type one fetch must end in
         */
        public VendorFault {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(expected, "expected");
        }
    }

    // -------------------------------------------------------------- the table

    /** What a row must end in. */
    enum Expect {
        RECOVERS(null),
        UNAVAILABLE(ProviderUnavailableException.class),
        RATE_LIMITED(RateLimitedException.class),
        MALFORMED(MalformedResponseException.class),
        REJECTED(TokenRequestRejectedException.class),
        INVALID_CREDENTIALS(InvalidCredentialsException.class),
        CONFIGURATION(ProviderConfigurationException.class);

        final Class<? extends TokenException> type;

        Expect(Class<? extends TokenException> type) {
            this.type = type;
        }

        static Expect of(Class<? extends TokenException> type) {
            for (Expect e : values()) {
                if (type.equals(e.type)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("no expectation for " + type.getName());
        }

        String describe() {
            return type == null ? "recovers" : type.getSimpleName();
        }
    }

    /** One row: the fault, what it must end in, the most requests it may cause, and how to cause it. */
    record FaultRow(String fault, Expect expected, int maxRequests, Scenario scenario) {
        @Override
        public String toString() {
            return fault + " → " + expected.describe() + ", ≤ " + maxRequests + " request" + (maxRequests == 1 ? "" : "s");
        }
    }

    /** Causes one fault against a fresh fake server and reports how it ended. */
    interface Scenario {
        Outcome run(Harness h) throws Exception;
    }

    /** How a row ended: the error or the token, and the requests the fake server received. */
    record Outcome(Throwable error, AccessToken token, int requests) {
    }

    /**
     * The fault matrix: one row per fault. {@code docs/reliability.md} lists the same rows.
     *
     * @return the rows, vendor rows last
     */
    final List<FaultRow> faultMatrix() {
        List<FaultRow> rows = new ArrayList<>(List.of(
                // transport
                row("connection refused (closed port)", Expect.UNAVAILABLE, 0,
                        h -> h.fetchFrom(h.closedPort())),
                row("connection reset mid-body", Expect.UNAVAILABLE, 1,
                        h -> h.fetch(FakeResponse.ok(h.success()).resetMidBody())),
                row("server accepts and never answers (request-timeout 500 ms)", Expect.UNAVAILABLE, 1,
                        h -> h.fetchWithin(SHORT_TIMEOUT, FakeResponse.ok(h.success()).neverAnswer())),
                row("body trickled one byte per second (request-timeout 500 ms is a total deadline)", Expect.UNAVAILABLE, 1,
                        Harness::trickle),
                // statuses, through a TokenSource on virtual time
                row("HTTP 500, then success, through a TokenSource", Expect.RECOVERS, 2, h -> h.recoverAfter(500)),
                row("HTTP 502, then success, through a TokenSource", Expect.RECOVERS, 2, h -> h.recoverAfter(502)),
                row("HTTP 503, then success, through a TokenSource", Expect.RECOVERS, 2, h -> h.recoverAfter(503)),
                row("HTTP 504, then success, through a TokenSource", Expect.RECOVERS, 2, h -> h.recoverAfter(504)),
                row("429 with Retry-After: 7 (seconds): the retry waits exactly 7 s", Expect.RECOVERS, 2,
                        h -> h.retryAfter("7", Duration.ofSeconds(7))),
                row("429 with Retry-After as an HTTP-date 12 s ahead: the retry waits exactly 12 s", Expect.RECOVERS, 2,
                        h -> h.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                h.clock.instant().plusSeconds(12).atOffset(ZoneOffset.UTC)), Duration.ofSeconds(12))),
                row("429 with Retry-After: 90, over maxRetryAfter (30 s): no wait inside the fetch, 90 s cool-down",
                        Expect.RATE_LIMITED, 1, Harness::retryAfterOverCap),
                row("429 storm: every answer 429, a caller every second for 10 virtual minutes", Expect.RATE_LIMITED, 48,
                        Harness::rateLimitStorm),
                row("401 invalid credentials", Expect.INVALID_CREDENTIALS, 1, h -> h.fetch(invalidCredentialsResponse())),
                row("302 redirect to another host: not followed, nothing sent there", Expect.REJECTED, 1,
                        Harness::redirectElsewhere),
                // bodies
                row("HTML error page with 200", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.status(200)
                        .header("Content-Type", "text/html").body("<html><body><h1>502 Bad Gateway</h1></body></html>"))),
                row("empty 200", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.status(200).body(""))),
                row("truncated JSON", Expect.MALFORMED, 1,
                        h -> h.fetch(FakeResponse.ok(h.success().substring(0, h.success().length() / 2)))),
                row("JSON array instead of an object", Expect.MALFORMED, 1,
                        h -> h.fetch(FakeResponse.ok("[" + h.success() + "]"))),
                row("duplicate keys", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.ok(h.duplicateKeys()))),
                row("nested 10,000 deep", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.ok(h.nested(10_000)))),
                row("10 MB body", Expect.MALFORMED, 1,
                        h -> h.fetch(FakeResponse.ok(h.success()).oversized(10L * 1024 * 1024))),
                row("object without the token", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.ok("{\"unexpected\":true}"))),
                row("lifetime \"abc\"", Expect.MALFORMED, 1, h -> h.fetchLifetime("\"abc\"")),
                row("lifetime -5", Expect.MALFORMED, 1, h -> h.fetchLifetime("-5")),
                row("lifetime 0", Expect.MALFORMED, 1, h -> h.fetchLifetime("0")),
                row("lifetime 1e10000000000", Expect.MALFORMED, 1, h -> h.fetchLifetime("1e10000000000")),
                row("lifetime NaN (bare)", Expect.MALFORMED, 1, h -> h.fetchLifetime("NaN")),
                row("lifetime \"NaN\" (string)", Expect.MALFORMED, 1, h -> h.fetchLifetime("\"NaN\"")),
                row("lifetime of 400 digits", Expect.MALFORMED, 1, h -> h.fetchLifetime("9".repeat(400))),
                row("lifetime 1e-30000000 (tiny, with a huge exponent)", Expect.MALFORMED, 1,
                        h -> h.fetchLifetime("1e-30000000")),
                row("token with CR/LF (header injection)", Expect.MALFORMED, 1,
                        h -> h.fetch(FakeResponse.ok(successBody(h.token + "\\r\\nX-Injected: 1", "3600")))),
                row("token with spaces", Expect.MALFORMED, 1,
                        h -> h.fetch(FakeResponse.ok(successBody(h.token + " extra", "3600")))),
                row("token with bytes that are not UTF-8", Expect.MALFORMED, 1, h -> h.fetch(FakeResponse.status(200)
                        .header("Content-Type", "application/json").body(h.notUtf8())))));
        for (VendorFault v : vendorFaults()) {
            rows.add(row(providerId() + ": " + v.name(), Expect.of(v.expected()), 1, h -> h.fetch(v.response())));
        }
        return rows;
    }

    private static FaultRow row(String fault, Expect expected, int maxRequests, Scenario scenario) {
        return new FaultRow(fault, expected, maxRequests, scenario);
    }

    /**
     * The configuration errors of the hygiene check, from the descriptor: each required option
     * missing, an unknown option carrying a secret value, each typed option with an invalid value,
     * and each URI option as plain http to a remote host.
     */
    final List<FaultRow> configurationErrors() {
        ProviderDescriptor d = TokenProviders.load().describe(providerId());
        List<FaultRow> rows = new ArrayList<>();
        for (ConfigOption o : d.options()) {
            if (o.isRequired()) {
                rows.add(row("configuration: required option '" + o.name() + "' missing", Expect.CONFIGURATION, 0,
                        h -> h.create(h.without(o.name()))));
            }
            String invalid = switch (o.type()) {
                case DURATION -> "soon";
                case INTEGER -> "-1";
                case BOOLEAN -> "maybe";
                case URI -> "not a uri at all";
                case STRING -> null;
            };
            if (invalid != null) {
                rows.add(row("configuration: option '" + o.name() + "' = '" + invalid + "'", Expect.CONFIGURATION, 0,
                        h -> h.create(h.config().withOverrides(ProviderConfig.builder().put(o.name(), invalid).build()))));
            }
            if (o.type() == ConfigOption.Type.URI) {
                rows.add(row("configuration: option '" + o.name() + "' is plain http to a remote host", Expect.CONFIGURATION, 0,
                        h -> h.create(h.config().withOverrides(ProviderConfig.builder()
                                .put(o.name(), "http://token.example.com").build()))));
            }
        }
        rows.add(row("configuration: unknown option carrying a secret value (a misspelt secret option)",
                Expect.CONFIGURATION, 0, h -> {
                    ProviderConfig.Builder b = ProviderConfig.builder().putAll(h.config());
                    h.secrets().forEach(s -> b.put("misspelt-" + Integer.toHexString(s.hashCode() & 0xffff), s));
                    return h.create(b.build());
                }));
        return rows;
    }

    // ------------------------------------------------------------- checks

    @Nested
    @DisplayName("fault matrix")
    class FaultMatrix {
        @TestFactory
        @DisplayName("every fault ends in the right typed error or recovers, in bounded time and requests")
        Stream<DynamicTest> everyFault() {
            List<FaultRow> rows = faultMatrix();
            int[] totals = new int[3]; // rows run, rows survived, requests
            Stream<DynamicTest> each = rows.stream().map(r -> dynamicTest(r.toString(), () -> {
                totals[0]++;
                Outcome o = run(r, false);
                totals[1]++;
                totals[2] += o.requests();
            }));
            Stream<DynamicTest> summary = Stream.of(dynamicTest("totals", () -> {
                System.out.printf("fault-matrix %s | TOTAL | %d rows tried | %d survived | %d requests%n",
                        providerId(), totals[0], totals[1], totals[2]);
                assertThat(totals[1]).as("rows survived of %d", rows.size()).isEqualTo(rows.size());
            }));
            return Stream.concat(each, summary);
        }
    }

    @Nested
    @DisplayName("secret hygiene over the fault matrix")
    class Hygiene {
        @TestFactory
        @DisplayName("no secret and no token in messages, stack traces, toString() or logs, for every fault and configuration error")
        Stream<DynamicTest> nothingLeaks() {
            List<FaultRow> rows = new ArrayList<>(faultMatrix());
            rows.addAll(configurationErrors());
            int[] totals = new int[3]; // rows run, rows clean, texts searched
            Stream<DynamicTest> each = rows.stream().map(r -> dynamicTest(r.fault(), () -> {
                totals[0]++;
                int texts = runForLeaks(r);
                totals[1]++;
                totals[2] += texts;
            }));
            Stream<DynamicTest> summary = Stream.of(dynamicTest("totals", () -> {
                System.out.printf("secret-hygiene %s | TOTAL | %d rows | %d clean | %d texts searched | %d rows leaked or failed%n",
                        providerId(), totals[0], totals[1], totals[2], totals[0] - totals[1]);
                assertThat(totals[1]).as("rows without a leak, of %d", rows.size()).isEqualTo(rows.size());
            }));
            return Stream.concat(each, summary);
        }
    }

    private Outcome run(FaultRow r, boolean quiet) throws Exception {
        try (Harness h = new Harness()) {
            return h.run(r, quiet);
        }
    }

    private int runForLeaks(FaultRow r) throws Exception {
        try (Harness h = new Harness()) {
            Outcome o = h.run(r, true);
            List<String> texts = new ArrayList<>();
            if (o.error() != null) {
                texts.add(String.valueOf(o.error().getMessage()));
                texts.add(o.error().toString());
                texts.add(LogCapture.printed(o.error()));
            }
            if (o.token() != null) {
                texts.add(o.token().toString());
            }
            h.shown.forEach(x -> texts.add(String.valueOf(x)));
            texts.addAll(h.logs.texts());
            List<String> secrets = h.secrets();
            secrets.add(h.token);
            for (String text : texts) {
                for (String secret : secrets) {
                    assertThat(text).as("text shown by row '%s' must not contain a secret or the token", r.fault())
                            .doesNotContain(secret);
                }
            }
            assertThat(texts).as("texts searched").isNotEmpty();
            return texts.size();
        }
    }


    /** One row's world: a fake server, a manual clock, captured logs, and what was created. */
    final class Harness implements AutoCloseable {
        final FakeTokenServer server = FakeTokenServer.start();
        final ManualClock clock = ManualClock.create();
        final String token = "tk_fault_" + HexFormat.of().formatHex(randomBytes());
        final LogCapture logs = new LogCapture();
        /** Objects whose toString() the hygiene check reads. */
        final List<Object> shown = new ArrayList<>();
        private final List<AutoCloseable> closeables = new ArrayList<>();


        private static byte[] randomBytes() {
            byte[] b = new byte[12];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        }

        Outcome run(FaultRow r, boolean quiet) throws Exception {
            long start = System.nanoTime();
            Outcome o = r.scenario().run(this);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!quiet) {
                System.out.printf("fault-matrix %s | %s | %s | %d requests | %d ms%n", providerId(), r.fault(),
                        o.error() == null ? "recovered" : o.error().getClass().getSimpleName(), o.requests(), took.toMillis());
            }
            assertThat(took).as("real time taken by row '%s'", r.fault()).isLessThan(ROW_TIME_LIMIT);
            assertThat(o.requests()).as("requests made by row '%s'", r.fault()).isLessThanOrEqualTo(r.maxRequests());
            if (r.expected() == Expect.RECOVERS) {
                assertThat(o.error()).as("error of row '%s', which must recover", r.fault()).isNull();
                assertThat(o.token()).as("token of row '%s'", r.fault()).isNotNull();
                assertThat(o.token().value()).isEqualTo(token);
            } else {
                assertThat(o.error()).as("error of row '%s'", r.fault()).isInstanceOf(r.expected().type);
                if (r.expected() != Expect.CONFIGURATION) {
                    assertThat(((TokenException) o.error()).providerId()).contains(providerId());
                }
            }
            return o;
        }

        // ---- configuration and creation

        ProviderConfig config() {
            return validConfig(server.baseUri());
        }

        List<String> secrets() {
            List<String> out = new ArrayList<>();
            ProviderDescriptor d = TokenProviders.load().describe(providerId());
            ProviderConfig c = config();
            for (String name : c.names()) {
                if (d.option(name).map(ConfigOption::isSecret).orElse(false)) {
                    c.findSecret(name).map(s -> s.reveal()).filter(s -> s.length() >= 4).ifPresent(out::add);
                }
            }
            return out;
        }

        ProviderConfig without(String option) {
            ProviderConfig.Builder b = ProviderConfig.builder();
            ProviderDescriptor d = TokenProviders.load().describe(providerId());
            ProviderConfig c = config();
            for (String name : c.names()) {
                if (name.equals(option)) {
                    continue;
                }
                if (d.option(name).map(ConfigOption::isSecret).orElse(false)) {
                    b.putSecret(name, c.secret(name));
                } else {
                    b.put(name, c.find(name).orElseThrow());
                }
            }
            return b.build();
        }

        TokenProvider provider(ProviderConfig config) {
            shown.add(config);
            TokenProvider p = TokenProviders.load().withClock(clock).provider(providerId(), config);
            shown.add(p);
            return p;
        }

        /** Creates a provider from a configuration that must be refused, before any request. */
        Outcome create(ProviderConfig config) {
            shown.add(config);
            try {
                shown.add(TokenProviders.load().withClock(clock).provider(providerId(), config));
                return new Outcome(null, null, server.requestCount());
            } catch (RuntimeException e) {
                return new Outcome(e, null, server.requestCount());
            }
        }

        // ---- bodies

        String success() {
            return successBody(token, "3600");
        }

        String duplicateKeys() {
            String body = success();
            return body.substring(0, body.lastIndexOf('}')) + "," + body.substring(body.indexOf('{') + 1);
        }

        String nested(int depth) {
            String body = success();
            return "{\"nested\":" + "[".repeat(depth) + "]".repeat(depth) + "," + body.substring(body.indexOf('{') + 1);
        }

        byte[] notUtf8() {
            String body = successBody(token + "PLACEHOLDER", "3600");
            int at = body.indexOf("PLACEHOLDER");
            byte[] head = body.substring(0, at).getBytes(StandardCharsets.US_ASCII);
            byte[] tail = body.substring(at + "PLACEHOLDER".length()).getBytes(StandardCharsets.US_ASCII);
            byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
            byte[] out = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(bad, 0, out, head.length, bad.length);
            System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
            return out;
        }

        // ---- single fetches

        Outcome fetch(FakeResponse response) {
            return fetchWith(config(), response);
        }

        Outcome fetchLifetime(String lifetimeJson) {
            return fetch(FakeResponse.ok(successBody(token, lifetimeJson)));
        }

        Outcome fetchWithin(Duration requestTimeout, FakeResponse response) {
            return fetchWith(config().withOverrides(ProviderConfig.builder()
                    .put("request-timeout", requestTimeout.toMillis() + "ms").build()), response);
        }

        Outcome fetchFrom(URI base) {
            TokenProvider p = provider(validConfig(base));
            try {
                AccessToken t = p.fetch();
                return new Outcome(null, t, server.requestCount());
            } catch (RuntimeException e) {
                return new Outcome(e, null, server.requestCount());
            }
        }

        private Outcome fetchWith(ProviderConfig config, FakeResponse response) {
            server.enqueue(response);
            TokenProvider p = provider(config);
            try {
                AccessToken t = p.fetch();
                shown.add(t);
                return new Outcome(null, t, server.requestCount());
            } catch (RuntimeException e) {
                return new Outcome(e, null, server.requestCount());
            }
        }

        URI closedPort() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            return URI.create("http://127.0.0.1:" + port);
        }

        Outcome trickle() {
            String body = success();
            Duration wholeBody = Duration.ofSeconds(body.length() - 1L);
            assertThat(wholeBody).as("time the trickled body would take").isGreaterThan(Duration.ofSeconds(20));
            long start = System.nanoTime();
            Outcome o = fetchWithin(SHORT_TIMEOUT, FakeResponse.ok(body).trickle(1, Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("a total deadline, not a per-read timeout: failed well before the %d s trickle ends",
                    wholeBody.toSeconds()).isLessThan(Duration.ofSeconds(3));
            return o;
        }

        Outcome redirectElsewhere() {
            try (FakeTokenServer elsewhere = FakeTokenServer.start()) {
                elsewhere.enqueue(FakeResponse.ok(success()));
                URI target = URI.create("http://localhost:" + elsewhere.baseUri().getPort() + "/steal");
                Outcome o = fetch(FakeResponse.status(302).header("Location", target.toString()));
                assertThat(elsewhere.requestCount()).as("requests that reached the redirect target").isZero();
                return o;
            }
        }

        // ---- through a TokenSource on virtual time

        final class SourceRun {
            final ManualScheduler scheduler = new ManualScheduler(clock);
            final List<Integer> attempts = new CopyOnWriteArrayList<>();
            final List<Duration> retryWaits = new CopyOnWriteArrayList<>();
            final List<Duration> cooldowns = new CopyOnWriteArrayList<>();
            final TokenSource source;

            SourceRun() {
                source = TokenSource.builder(provider(config()))
                        .clock(clock).executor(scheduler)
                        .retry(RetryPolicy.builder().random(() -> 0.5).build())
                        .listener(new TokenSourceListener() {
                            @Override
                            public void refreshSucceeded(TokenSourceListener.Fetch fetch, AccessToken t) {
                                attempts.add(fetch.attempts());
                            }

                            @Override
                            public void retryScheduled(String providerId, TokenException error, int failedAttempt,
                                                       Duration wait) {
                                retryWaits.add(wait);
                            }

                            @Override
                            public void refreshFailed(TokenSourceListener.Fetch fetch, TokenException error,
                                                      boolean servingStale, Duration next) {
                                cooldowns.add(next);
                            }
                        })
                        .build();
                closeables.add(source);
                shown.add(source);
            }

            CompletableFuture<AccessToken> ask() {
                CompletableFuture<AccessToken> f = source.tokenAsync();
                scheduler.runDueTasks();
                return f;
            }

            Outcome outcome(CompletableFuture<AccessToken> f) {
                assertThat(scheduler.failures()).as("tasks that failed on the scheduler").isEmpty();
                assertThat(f).as("the caller's future").isDone();
                shown.add(source);
                try {
                    AccessToken t = f.join();
                    shown.add(t);
                    return new Outcome(null, t, server.requestCount());
                } catch (CompletionException e) {
                    return new Outcome(e.getCause(), null, server.requestCount());
                }
            }
        }

        Outcome recoverAfter(int status) {
            server.enqueue(FakeResponse.status(status).json("{\"message\":\"temporarily down\"}"),
                    FakeResponse.ok(success()));
            SourceRun s = new SourceRun();
            CompletableFuture<AccessToken> f = s.ask();
            assertThat(f).as("after the %d, before the backoff", status).isNotDone();
            s.scheduler.advance(Duration.ofSeconds(1)); // the first backoff is 500 ms (jitter pinned)
            Outcome o = s.outcome(f);
            assertThat(s.attempts).as("attempts reported to the listener").containsExactly(2);
            return o;
        }

        Outcome retryAfter(String header, Duration asked) {
            server.enqueue(FakeResponse.status(429).header("Retry-After", header).json("{\"message\":\"slow down\"}"),
                    FakeResponse.ok(success()));
            SourceRun s = new SourceRun();
            CompletableFuture<AccessToken> f = s.ask();
            s.scheduler.advance(asked.minusMillis(1));
            assertThat(f).as("1 ms before the asked %s", asked).isNotDone();
            assertThat(server.requestCount()).isEqualTo(1);
            s.scheduler.advance(Duration.ofMillis(1));
            assertThat(s.retryWaits).as("the retry's wait").containsExactly(asked);
            assertThat(s.attempts).containsExactly(2);
            return s.outcome(f);
        }

        Outcome retryAfterOverCap() {
            server.respondWith(request -> FakeResponse.status(429).header("Retry-After", "90").json("{}"));
            SourceRun s = new SourceRun();
            CompletableFuture<AccessToken> f = s.ask();
            Outcome o = s.outcome(f);
            assertThat(s.retryWaits).as("retries inside the fetch").isEmpty();
            assertThat(s.cooldowns).as("cool-down after the fetch").containsExactly(Duration.ofSeconds(90));
            s.scheduler.advance(Duration.ofSeconds(89));
            Outcome during = s.outcome(s.ask());
            assertThat(during.error()).as("a caller during the cool-down").isInstanceOf(RateLimitedException.class);
            return o.requests() == during.requests() ? o : during;
        }

        Outcome rateLimitStorm() {
            server.respondWith(request -> FakeResponse.status(429).header("Retry-After", "1").json("{}"));
            SourceRun s = new SourceRun();
            List<CompletableFuture<AccessToken>> callers = new ArrayList<>();
            for (int second = 0; second < 600; second++) {
                callers.add(s.ask());
                s.scheduler.advance(Duration.ofSeconds(1));
            }
            s.scheduler.advance(Duration.ofMinutes(1)); // let the last fetch finish its retries
            Outcome last = null;
            for (int i = 0; i < callers.size(); i++) {
                last = s.outcome(callers.get(i));
                assertThat(last.error()).as("caller at %d s", i).isInstanceOf(RateLimitedException.class);
            }
            assertThat(server.requestCount()).as("the storm was tried at all").isGreaterThanOrEqualTo(4);
            return last;
        }

        @Override
        public void close() {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            server.close();
            logs.close();
        }
    }
}
