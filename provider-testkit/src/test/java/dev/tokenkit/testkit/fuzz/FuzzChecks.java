package dev.tokenkit.testkit.fuzz;

import dev.tokenkit.AccessToken;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/** Invariant checks for fuzz targets: cheap, no AssertJ (millions of calls). */
final class FuzzChecks {
    private FuzzChecks() {
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** A token that came out of a provider is non-empty, header-safe and not expired at {@code now}. */
    static void validToken(AccessToken token, Instant now) {
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

    /** One input may not take more than this: a slow input is a denial of service (1e-30000000 took 19 s). */
    static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

    static void inTime(long startNanos) {
        long took = System.nanoTime() - startNanos;
        check(took < MAX_NANOS_PER_INPUT, "one input took " + took / 1_000_000 + " ms");
    }

    static void noLeak(Throwable t, String secret) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        check(!out.toString().contains(secret), "the secret appears in the printed exception");
    }
}
