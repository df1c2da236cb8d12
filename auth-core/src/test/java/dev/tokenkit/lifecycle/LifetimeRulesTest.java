package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.Policies;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testsupport.LoopbackServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guarantee 7: a missing, zero, negative, non-numeric or absurd lifetime is handled by rule, through
 * a real {@code JsonTokenProvider} and a real HTTP server, and never causes a refetch per call.
 */
class LifetimeRulesTest {

    private final VirtualTime vt = new VirtualTime();
    private final LoopbackServer server = LoopbackServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenSource source(ExpiryPolicy expiry) {
        TokenProvider provider = JsonTestProviderFactory.against(server, vt.clock);
        return vt.source(provider).expiry(expiry).build();
    }

    /** 100 callers, one every 100 ms of virtual time (10 s); the futures they got. */
    private List<CompletableFuture<AccessToken>> hammer(TokenSource source) {
        List<CompletableFuture<AccessToken>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(vt.ask(source));
            vt.scheduler.advance(Duration.ofMillis(100));
        }
        return calls;
    }

    @Test
    @DisplayName("missing lifetime, not a JWT: the expiry policy's default lifetime (5 minutes)")
    void missingUsesDefaultLifetime() {
        server.answer(200, "{\"access_token\":\"opaque-token\"}");
        Instant t0 = vt.clock.instant();
        try (TokenSource source = source(VirtualTime.expiry())) {
            List<CompletableFuture<AccessToken>> calls = hammer(source);
            assertThat(calls).allSatisfy(c -> assertThat(c.join().expiresAt()).contains(t0.plus(Duration.ofMinutes(5))));
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("missing lifetime, configurable default: ExpiryPolicy.defaultLifetime is used")
    void missingUsesConfiguredDefault() {
        server.answer(200, "{\"access_token\":\"opaque-token\"}");
        Instant t0 = vt.clock.instant();
        try (TokenSource source = source(Policies.expiry(() -> 0.5)
                .defaultLifetime(Duration.ofMinutes(1)).build())) {
            assertThat(vt.fetchNow(source).expiresAt()).contains(t0.plus(Duration.ofMinutes(1)));
        }
    }

    @Test
    @DisplayName("missing lifetime, JWT: the exp claim")
    void missingUsesJwtExp() {
        Instant t0 = vt.clock.instant();
        String jwt = NeverExpiredTokenTest.jwt(t0.plus(Duration.ofMinutes(42)));
        server.answer(200, "{\"access_token\":\"" + jwt + "\"}");
        try (TokenSource source = source(VirtualTime.expiry())) {
            List<CompletableFuture<AccessToken>> calls = hammer(source);
            assertThat(calls).allSatisfy(c -> assertThat(c.join().expiresAt()).contains(t0.plus(Duration.ofMinutes(42))));
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "expires_in = {0}")
    @ValueSource(strings = {"0", "-1", "-86400", "0.0000000001", "\"soon\"", "\"\"", "\"12 hours\"", "true", "{}", "[]",
            "1e10000000000", "-1e10000000000", "1e-10000000000", "99999999999999999999", "31708800", "\"1e9\""})
    @DisplayName("an invalid lifetime is a MalformedResponseException, and callers are not a request each")
    void invalidLifetimeIsMalformedAndCooledDown(String expiresIn) {
        server.answer(200, "{\"access_token\":\"abc\",\"expires_in\":" + expiresIn + "}");
        try (TokenSource source = source(VirtualTime.expiry())) {
            List<CompletableFuture<AccessToken>> calls = hammer(source);
            assertThat(calls).allSatisfy(c -> assertThat(failureOf(c)).isInstanceOf(MalformedResponseException.class)
                    .hasMessageNotContaining("abc"));
            // not retryable, so one request per fetch; fetches wait 1.75 s, 3.5 s, 7 s (cool-down, jitter
            // pinned) after each failure: at 0, 1.8, 5.3 s within 10 s -- 3 requests for 100 callers
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a valid but long lifetime (366 days) is accepted and fetched once")
    void longestValidLifetime() {
        server.answer(200, "{\"access_token\":\"abc\",\"expires_in\":31622400}");
        try (TokenSource source = source(VirtualTime.expiry())) {
            hammer(source).forEach(CompletableFuture::join);
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a raw provider's absurd lifetime (saturating to Instant.MAX) is clamped, not a hang")
    void saturatedLifetimeFromRawProvider() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwise((n, now) ->
                AccessToken.builder("forever").issuedAt(now).expiresIn(Duration.ofSeconds(Long.MAX_VALUE)).build());
        try (TokenSource source = vt.source(provider).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(f).isDone();
            assertThat(f.join().value()).isEqualTo("forever");
            vt.scheduler.advance(Duration.ofDays(365));
            assertThat(source.token().value()).isEqualTo("forever");
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a raw provider returning null gets a typed error, not a hang, and the source recovers")
    void nullFromRawProvider() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .then((n, now) -> null)
                .otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).retry(dev.tokenkit.RetryPolicy.none()).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(failureOf(f)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("null");
            vt.scheduler.advance(Duration.ofSeconds(2));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
    }
}
