package dev.tokenkit.singleview;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.AccessToken;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.TokenResponse;
import dev.tokenkit.testkit.ManualClock;
import dev.tokenkit.testkit.OfflineProviders;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the SingleView provider's handling of the token endpoint's answer: the real provider class,
 * with a transport that returns the fuzzer's bytes (no network, thousands of inputs a second).
 * Nothing may escape but a {@link TokenException} of the documented kind, no error may show the
 * secret, and a token that comes out is header-safe and not expired. Regression inputs:
 * {@code src/test/resources/dev/tokenkit/singleview/SingleViewResponseFuzzTestInputs/}.
 */
class SingleViewResponseFuzzTest {
    private static final Instant NOW = ManualClock.DEFAULT_START;
    private static final String SECRET = "singleview-fuzz-secret-code";
    private static final ThreadLocal<TokenResponse> ANSWER = new ThreadLocal<>();
    private static final TokenProvider PROVIDER = OfflineProviders.create("singleview", ProviderConfig.builder()
            .put("base-url", "https://sv.example")
            .put("client-id", "sv-fuzz-client").put("company-id", "FUZZCO").put("reference-id", "REF1")
            .putSecret("client-code", SECRET)
            .build(), ManualClock.at(NOW), request -> ANSWER.get());
    private static final URI ENDPOINT = URI.create("https://sv.example/v1/api/svplatform/token");

    /** A 200 answer whose body is the input. */
    @FuzzTest
    void successBody(byte[] body) {
        long start = System.nanoTime();
        ANSWER.set(new TokenResponse(ENDPOINT, 200, Map.of("Content-Type", List.of("application/json")), body));
        try {
            check(PROVIDER.fetch());
        } catch (MalformedResponseException | ProviderUnavailableException e) {
            noLeak(e); // unavailable: the vendor's failure envelope {"success":false,...} with HTTP 200
        }
        inTime(start);
    }

    /** Any status, a Retry-After header and a body. */
    @FuzzTest
    void answer(FuzzedDataProvider data) {
        long start = System.nanoTime();
        int status = data.consumeInt(200, 599);
        String retryAfter = data.consumeString(40);
        byte[] body = data.consumeRemainingAsBytes();
        ANSWER.set(new TokenResponse(ENDPOINT, status, Map.of("Retry-After", List.of(retryAfter)), body));
        try {
            AccessToken token = PROVIDER.fetch();
            if (status >= 300) {
                throw new AssertionError("HTTP " + status + " produced a token");
            }
            check(token);
        } catch (ProviderConfigurationException e) {
            throw new AssertionError("an answer caused a configuration error", e);
        } catch (TokenException e) {
            noLeak(e);
        }
        inTime(start);
    }

    private static void check(AccessToken token) {
        String v = token.value();
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) <= 0x20 || v.charAt(i) >= 0x7f) {
                throw new AssertionError("a token value with a whitespace, control or non-ASCII character");
            }
        }
        if (v.isEmpty() || token.expiresAt().map(exp -> !exp.isAfter(NOW)).orElse(false)) {
            throw new AssertionError("an empty or expired token was returned");
        }
    }

    /** A slow input is a denial of service: 2 s per input at most. */
    private static void inTime(long startNanos) {
        long took = System.nanoTime() - startNanos;
        if (took > 2_000_000_000L) {
            throw new AssertionError("one input took " + took / 1_000_000 + " ms");
        }
    }

    private static void noLeak(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        if (out.toString().contains(SECRET)) {
            throw new AssertionError("the secret appears in the printed exception");
        }
    }
}
