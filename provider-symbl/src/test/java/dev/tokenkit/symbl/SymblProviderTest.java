package dev.tokenkit.symbl;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Symbl provider against the Symbl emulator: every documented behaviour. */
class SymblProviderTest {
    private final ManualClock clock = ManualClock.create();
    private final SymblEmulator symbl = SymblEmulator.builder().clock(clock).start();
    private final TokenProviders providers = TokenProviders.load().withClock(clock);

    @AfterEach
    void stop() {
        symbl.close();
    }

    private ProviderConfig config(String appSecret) {
        return ProviderConfig.builder()
                .put("base-url", symbl.baseUri().toString())
                .put("app-id", SymblEmulator.DEMO_APP_ID)
                .putSecret("app-secret", appSecret)
                .build();
    }

    private TokenProvider provider() {
        return providers.provider("symbl", config(SymblEmulator.DEMO_APP_SECRET));
    }

    @Test
    @DisplayName("fetches a 24-hour JWT from the emulator")
    void fetchesToken() {
        AccessToken token = provider().fetch();
        assertThat(token.value()).contains(".");
        assertThat(token.type()).isEqualTo("Bearer");
        assertThat(token.expiresAt()).contains(clock.instant().plusSeconds(86400));
    }

    @Test
    @DisplayName("reports the remaining lifetime the server's cache gives, never an assumed 86400 s")
    void reportsRemainingLifetime() {
        TokenProvider p = provider();
        AccessToken first = p.fetch();
        clock.advance(Duration.ofHours(5));
        AccessToken second = p.fetch();
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(second.issuedAt()).isEqualTo(clock.instant());
        assertThat(second.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(Duration.between(second.issuedAt(), second.expiresAt().orElseThrow())).isEqualTo(Duration.ofHours(19));
        assertThat(symbl.tokensIssued()).isEqualTo(1);
    }

    @Test
    @DisplayName("the default base URL is Symbl's production API")
    void defaultBaseUrl() {
        ProviderDescriptor d = providers.describe("symbl");
        assertThat(d.option("base-url").orElseThrow().defaultValue()).contains("https://api.symbl.ai");
    }

    @Test
    @DisplayName("a plain-http base URL to a remote host is refused before any request")
    void plainHttpRefused() {
        ProviderConfig insecure = config("x-secret-value").withOverrides(
                ProviderConfig.builder().put("base-url", "http://api.symbl.ai").build());
        Throwable t = catchThrowable(() -> providers.provider("symbl", insecure));
        assertThat(t).isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("https");
    }

    @Nested
    @DisplayName("documented errors")
    class Errors {
        @Test
        @DisplayName("401 for a wrong app secret, with Symbl's explanation and no secret in the message")
        void wrongSecret() {
            Throwable t = catchThrowable(() -> providers.provider("symbl", config("wrong-secret-value")).fetch());
            assertThat(t).isInstanceOf(InvalidCredentialsException.class)
                    .hasMessageContaining("app ID and secret combination is invalid")
                    .hasMessageNotContaining("wrong-secret-value");
        }

        @Test
        @DisplayName("400 says the body must carry type, appId and appSecret")
        void badRequest() {
            symbl.server().enqueue(FakeResponse.status(400).json("{\"message\":\"Bad Request! Please refer docs for correct input fields.\"}"));
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(TokenRequestRejectedException.class).hasMessageContaining("type, appId and appSecret");
        }

        @Test
        @DisplayName("404 points at base-url")
        void notFound() {
            ProviderConfig wrongPath = config(SymblEmulator.DEMO_APP_SECRET).withOverrides(
                    ProviderConfig.builder().put("base-url", symbl.baseUri() + "/v2").build());
            Throwable t = catchThrowable(() -> providers.provider("symbl", wrongPath).fetch());
            assertThat(t).isInstanceOf(TokenRequestRejectedException.class).hasMessageContaining("base-url");
        }

        @Test
        @DisplayName("429 is rate limited and says to wait for requests to complete")
        void tooMany() {
            symbl.server().enqueue(FakeResponse.status(429).json("{\"message\":\"Maximum number of concurrent jobs reached.\"}"));
            Throwable t = catchThrowable(() -> provider().fetch());
            assertThat(t).isInstanceOf(RateLimitedException.class).hasMessageContaining("wait for some to complete");
        }
    }

    @Test
    @DisplayName("a token source asks the caching server a bounded number of times per token lifetime and adopts each new token")
    void boundedRequestsAgainstServerCache() {
        ManualScheduler scheduler = new ManualScheduler(clock);
        TokenSource source = TokenSource.builder(provider()).clock(clock).scheduler(scheduler).fetchExecutor(scheduler)
                .expiry(ExpiryPolicy.builder().jitter(0).build())
                .retry(RetryPolicy.none()).build();
        try {
            source.tokenAsync();
            scheduler.runDueTasks();
            Set<String> seen = new LinkedHashSet<>();
            List<Integer> requestsPerToken = new ArrayList<>();
            String current = null;
            int requestsAtTokenStart = 0;
            Instant end = clock.instant().plus(Duration.ofDays(5));
            while (clock.instant().isBefore(end)) {
                AccessToken t = source.token();
                assertThat(t.isExpiredAt(clock.instant())).isFalse();
                if (!t.value().equals(current)) {
                    if (current != null) {
                        requestsPerToken.add(symbl.server().requestCount() - requestsAtTokenStart);
                    }
                    requestsAtTokenStart = symbl.server().requestCount() - 1;
                    current = t.value();
                    seen.add(current);
                }
                scheduler.advance(Duration.ofMinutes(1));
            }
            assertThat(scheduler.failures()).isEmpty();
            assertThat(seen).as("distinct tokens over 5 days of 24 h tokens").hasSizeBetween(5, 7);
            assertThat(seen).hasSize(symbl.tokensIssued());
            // 1 request that got the token + refreshes that got it again with a shorter lifetime
            assertThat(requestsPerToken).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(2, 6));
        } finally {
            source.close();
        }
    }
}
