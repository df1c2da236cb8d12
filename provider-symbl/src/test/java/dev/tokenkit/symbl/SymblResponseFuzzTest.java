package dev.tokenkit.symbl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.AccessToken;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.TokenResponse;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testkit.FuzzChecks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the Symbl provider's handling of the token endpoint's answer: the real provider class,
 * with a transport that returns the fuzzer's bytes (no network, thousands of inputs a second).
 * Nothing may escape but a {@link TokenException} of the documented kind, no error may show the
 * secret, and a token that comes out is header-safe and not expired. Regression inputs:
 * {@code src/test/resources/dev/tokenkit/symbl/SymblResponseFuzzTestInputs/}.
 */
class SymblResponseFuzzTest {
    private static final Instant NOW = ManualClock.DEFAULT_START;
    private static final String SECRET = "symbl-fuzz-secret-value";
    private static final ThreadLocal<TokenResponse> ANSWER = new ThreadLocal<>();
    private static final TokenProvider PROVIDER = TokenProviders.load().withClock(ManualClock.at(NOW))
            .withTransport(request -> ANSWER.get()).provider("symbl", ProviderConfig.builder()
            .put("base-url", "https://api.symbl.example")
            .put("app-id", "symbl-fuzz-app")
            .putSecret("app-secret", SECRET)
            .build());
    private static final URI ENDPOINT = URI.create("https://api.symbl.example/oauth2/token:generate");

    /** A 200 answer whose body is the input. */
    @FuzzTest
    void successBody(byte[] body) {
        long start = System.nanoTime();
        ANSWER.set(new TokenResponse(ENDPOINT, 200, Map.of("Content-Type", List.of("application/json")), body));
        try {
            FuzzChecks.validToken(PROVIDER.fetch(), NOW);
        } catch (MalformedResponseException e) {
            FuzzChecks.noLeak(e, SECRET);
        }
        FuzzChecks.inTime(start);
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
            FuzzChecks.validToken(token, NOW);
        } catch (ProviderConfigurationException e) {
            throw new AssertionError("an answer caused a configuration error", e);
        } catch (TokenException e) {
            FuzzChecks.noLeak(e, SECRET);
        }
        FuzzChecks.inTime(start);
    }
}
