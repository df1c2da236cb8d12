package dev.tokenkit.testkit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.spi.OAuth2Error;
import dev.tokenkit.testkit.FuzzChecks;
import dev.tokenkit.spi.TokenResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets for the parsing that core does on hostile input, reached through the public API
 * (the internal package is not exported, and these tests run on the class path):
 * <ul>
 *   <li>{@code jsonAnswer}: a 200 body through {@code JsonTokenProvider} → {@code Json.parseObject},
 *       {@code JsonFields}, {@code AccessToken.Builder} and the JWT {@code exp} reader;</li>
 *   <li>{@code retryAfter}: a {@code Retry-After} value on 429 and 503 → {@code RetryAfter.parse};</li>
 *   <li>{@code challenge}: a {@code WWW-Authenticate} value on a 401 → {@code OAuth2Error}'s challenge parser;</li>
 *   <li>{@code jwtExpiry} and {@code jwtClaims}: token values → {@code Jwt.expiry};</li>
 *   <li>{@code configuration}: options as {@code name=value} lines → {@code ProviderConfig.validate},
 *       {@code ConfigValues}' checks and {@code parseDuration} and the typed getters.</li>
 * </ul>
 * Invariant: nothing escapes but the documented exception types; a token that comes out is
 * header-safe and not expired. In the normal build these run in regression mode over the
 * committed inputs in {@code src/test/resources/dev/tokenkit/testkit/fuzz/CoreParsingFuzzTestInputs/};
 * {@code scripts/fuzz.sh} runs real fuzzing.
 */
class CoreParsingFuzzTest {
    private static final Instant NOW = ManualClock.DEFAULT_START;
    private static final ManualClock CLOCK = ManualClock.at(NOW);
    private static final String SECRET = "fuzz-client-secret-value";
    private static final ProviderConfig CONFIG = ProviderConfig.builder()
            .put("base-url", "http://127.0.0.1:9")
            .put("client-id", "fuzz-client")
            .putSecret("client-secret", SECRET)
            .build();
    private static final ProviderDescriptor SAMPLE = TokenProviders.load().describe("sample");

    /** The next answer of {@link #PROVIDER}: one provider for all inputs keeps the fuzzer fast. */
    private static final ThreadLocal<TokenResponse> ANSWER = new ThreadLocal<>();
    private static final TokenProvider PROVIDER = TokenProviders.load().withClock(CLOCK)
            .withTransport(request -> ANSWER.get()).provider("sample", CONFIG);
    private static final java.net.URI URI = java.net.URI.create("http://127.0.0.1:9/oauth/token");

    private static TokenProvider answering(int status, Map<String, List<String>> headers, byte[] body) {
        ANSWER.set(new TokenResponse(URI, status, headers, body));
        return PROVIDER;
    }

    @FuzzTest
    void jsonAnswer(byte[] body) {
        long start = System.nanoTime();
        try {
            AccessToken token = answering(200, Map.of("Content-Type", List.of("application/json")), body).fetch();
            FuzzChecks.validToken(token, NOW);
        } catch (MalformedResponseException e) {
            FuzzChecks.noLeak(e, SECRET);
        }
        FuzzChecks.inTime(start);
    }

    @FuzzTest
    void retryAfter(byte[] data) {
        long start = System.nanoTime();
        String value = new String(data, StandardCharsets.ISO_8859_1);
        try {
            answering(429, Map.of("Retry-After", List.of(value)), new byte[0]).fetch();
            throw new AssertionError("a 429 answer produced a token");
        } catch (RateLimitedException e) {
            e.retryAfter().ifPresent(d -> FuzzChecks.check(!d.isNegative() && d.compareTo(Duration.ofDays(1)) <= 0,
                    "Retry-After out of [0, 1 day]: " + d));
        }
        try {
            answering(503, Map.of("Retry-After", List.of(value)), new byte[0]).fetch();
            throw new AssertionError("a 503 answer produced a token");
        } catch (ProviderUnavailableException e) {
            e.retryAfter().ifPresent(d -> FuzzChecks.check(!d.isNegative() && d.compareTo(Duration.ofDays(1)) <= 0,
                    "Retry-After out of [0, 1 day]: " + d));
        }
        FuzzChecks.inTime(start);
    }

    /**
     * A {@code WWW-Authenticate} value on a 401 without a body → {@code OAuth2Error}'s challenge
     * parser: one pass, no backtracking, so any value ends in invalid credentials (or a rejection,
     * for a §5.2 rejection code) in time, with a short message that shows no secret.
     */
    @FuzzTest
    void challenge(byte[] data) {
        long start = System.nanoTime();
        String value = new String(data, StandardCharsets.ISO_8859_1);
        Map<String, List<String>> headers = Map.of("WWW-Authenticate", List.of(value));
        OAuth2Error.of(new TokenResponse(URI, 401, headers, new byte[0]), null).ifPresent(e -> {
            FuzzChecks.check(e.description().map(d -> d.length() <= value.length()).orElse(true),
                    "a description longer than the challenge");
            FuzzChecks.check(e.challengeScheme().map(value::contains).orElse(true), "a scheme not in the challenge");
        });
        try {
            answering(401, headers, new byte[0]).fetch();
            throw new AssertionError("a 401 answer produced a token");
        } catch (InvalidCredentialsException | TokenRequestRejectedException e) {
            FuzzChecks.noLeak(e, SECRET);
            FuzzChecks.check(e.getMessage().length() < 2_000, "a message of " + e.getMessage().length() + " characters");
        }
        FuzzChecks.inTime(start);
    }

    @FuzzTest
    void jwtExpiry(byte[] data) {
        buildToken(new String(data, StandardCharsets.ISO_8859_1));
    }

    /** The payload is the fuzzer's bytes, base64url-encoded into a JWT, so it explores the claims JSON. */
    @FuzzTest
    void jwtClaims(byte[] payload) {
        buildToken("eyJhbGciOiJIUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + ".c2ln");
    }

    private static void buildToken(String value) {
        long start = System.nanoTime();
        AccessToken token;
        try {
            token = AccessToken.builder(value).issuedAt(NOW).expiresIn(Duration.ofHours(1)).build();
        } catch (IllegalArgumentException e) {
            FuzzChecks.check(e.getMessage() == null || value.length() < 4 || !e.getMessage().contains(value),
                    "the error quotes the token value");
            return;
        }
        Instant exp = token.expiresAt().orElseThrow(() -> new AssertionError("a declared lifetime was lost"));
        FuzzChecks.check(!exp.isAfter(NOW.plus(Duration.ofHours(1))), "the expiry is later than declared: " + exp);
        FuzzChecks.check(!exp.isBefore(Instant.EPOCH), "the expiry is before the epoch: " + exp);
        // toString must be the same as for any other value with the same type and times, but its
        // fingerprint (a short value such as "e" is of course a substring of the fixed text)
        AccessToken other = AccessToken.builder("x").type(token.type()).issuedAt(token.issuedAt())
                .expiresAt(exp).build();
        FuzzChecks.check(token.toString().equals(other.toString().replace(other.fingerprint(), token.fingerprint())),
                "toString shows more than the fingerprint: " + token.fingerprint());
        FuzzChecks.inTime(start);
    }

    /** Lines {@code name=value}; a name starting with {@code !} is put as a secret. */
    @FuzzTest
    void configuration(byte[] data) {
        long start = System.nanoTime();
        ProviderConfig.Builder b = ProviderConfig.builder();
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            for (String line : text.split("\n", 16)) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (name.startsWith("!")) {
                    b.putSecret(name.substring(1), value);
                } else {
                    b.put(name, value);
                }
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return; // the builder refuses names it cannot hold; documented
        }
        ProviderConfig raw = b.build();
        String unused = raw.toString();
        ProviderConfig valid;
        try {
            valid = raw.validate(SAMPLE);
        } catch (ProviderConfigurationException e) {
            return;
        }
        for (var option : SAMPLE.options()) {
            String name = option.name();
            if (!valid.has(name)) {
                continue;
            }
            switch (option.type()) {
                case DURATION -> {
                    Duration d = valid.duration(name);
                    FuzzChecks.check(!d.isNegative() && !d.isZero(), "a validated duration is not positive: " + d);
                    long nanos = d.toNanos(); // must not overflow: timeouts are applied in nanoseconds
                    FuzzChecks.check(nanos > 0, "nanos");
                }
                case INTEGER -> FuzzChecks.check(valid.integer(name) >= 0, "a validated integer is negative");
                case URI -> FuzzChecks.check(valid.uri(name).getHost() != null, "a validated URI has no host");
                case BOOLEAN -> valid.bool(name);
                case STRING -> {
                    if (option.isSecret()) {
                        valid.secret(name);
                    } else {
                        valid.string(name);
                    }
                }
                default -> throw new AssertionError(option.type());
            }
        }
        FuzzChecks.check(unused != null, "toString");
        FuzzChecks.inTime(start);
    }
}
