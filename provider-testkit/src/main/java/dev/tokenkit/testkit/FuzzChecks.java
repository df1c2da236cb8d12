package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;

import java.time.Instant;

/**
 * Invariant checks for fuzz targets ({@code @FuzzTest}) of a provider's parsing: cheap (no
 * AssertJ; they run millions of times) and failing with {@link AssertionError}. Pair them with a
 * registry that answers in memory:
 *
 * <pre>{@code
 * static final TokenProvider PROVIDER = TokenProviders.load().withClock(ManualClock.at(NOW))
 *         .withTransport(request -> ANSWER.get()).provider("acme", config);
 *
 * @FuzzTest
 * void successBody(byte[] body) {
 *     long start = System.nanoTime();
 *     ANSWER.set(new TokenResponse(ENDPOINT, 200, Map.of(), body));
 *     try {
 *         FuzzChecks.validToken(PROVIDER.fetch(), NOW);
 *     } catch (MalformedResponseException e) {
 *         FuzzChecks.noLeak(e, SECRET);
 *     }
 *     FuzzChecks.inTime(start);
 * }
 * }</pre>
 */
public final class FuzzChecks {
    /** One input may take at most this long: a slow input is a denial of service. */
    public static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

    private FuzzChecks() {
    }

    /**
     * Fails when the condition does not hold.
     *
     * @param condition the invariant
     * @param what      what was violated
     * @throws AssertionError when {@code condition} is false
     */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /**
     * A token that came out of a provider is non-null, non-empty, header-safe and not expired.
     *
     * @param token the token
     * @param now   the provider clock's instant
     * @throws AssertionError when it is not
     */
    public static void validToken(AccessToken token, Instant now) {
        check(token != null, "fetch() returned null");
        String v = token.value();
        check(!v.isEmpty(), "empty token value");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            check(c > 0x20 && c < 0x7f, "token value with a whitespace, control or non-ASCII character");
        }
        check(token.authorizationHeader().indexOf('\r') < 0 && token.authorizationHeader().indexOf('\n') < 0,
                "CR/LF in the Authorization header");
        token.expiresAt().ifPresent(exp -> check(exp.isAfter(now), "an expired token was returned: " + exp));
    }

    /**
     * The input was handled within {@link #MAX_NANOS_PER_INPUT}.
     *
     * @param startNanos {@link System#nanoTime()} when the input was handed over
     * @throws AssertionError when it took longer
     */
    public static void inTime(long startNanos) {
        long took = System.nanoTime() - startNanos;
        check(took < MAX_NANOS_PER_INPUT, "one input took " + took / 1_000_000 + " ms");
    }

    /**
     * The printed exception (message, stack trace, causes, suppressed) does not contain the secret.
     *
     * @param t      the exception
     * @param secret the secret value
     * @throws AssertionError when it does
     */
    public static void noLeak(Throwable t, String secret) {
        check(!Printed.stackTrace(t).contains(secret), "the secret appears in the printed exception");
    }
}
