package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Policies;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 1: a token at or past its effective expiry (expiry minus skew) is never handed out. */
class NeverExpiredTokenTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("walking the clock across expiry with the refresh failing: valid tokens before, typed error from the effective expiry on")
    void walkAcrossExpiry() {
        // 100 s lifetime: skew = min(30 s, 10 % of 100 s) = 10 s, so the effective expiry is at 90 s
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenIssue(Duration.ofSeconds(100))
                .otherwiseFail(ScriptedProvider::unavailable);
        Instant t0 = vt.clock.instant();
        Instant effective = t0.plusSeconds(90);
        try (TokenSource source = vt.source(provider).retry(Policies.retry(() -> 0.5).build()).build()) {
            AccessToken first = vt.fetchNow(source);
            assertThat(first.expiresAt()).contains(t0.plusSeconds(100));

            int served = 0;
            int refused = 0;
            Duration step = Duration.ofMillis(250);
            while (vt.clock.instant().isBefore(t0.plusSeconds(120))) {
                vt.scheduler.advance(step); // runs the failing refreshes and their retries on the way
                Instant now = vt.clock.instant();
                CompletableFuture<AccessToken> f = vt.ask(source);
                if (f.isDone() && !f.isCompletedExceptionally()) {
                    AccessToken t = f.join();
                    assertThat(now).as("a token was handed out at %s", now).isBefore(effective);
                    assertThat(t.isExpiredAt(now)).isFalse();
                    assertThat(now).isBefore(t.expiresAt().orElseThrow().minusSeconds(10));
                    // while a token is cached, the synchronous hot path gives the same one at once
                    assertThat(source.token()).isSameAs(t);
                    served++;
                } else {
                    assertThat(now).as("refused at %s", now).isAfterOrEqualTo(effective);
                    vt.scheduler.advance(Duration.ofSeconds(5)); // let a started fetch run its retries
                    assertThat(f).isDone();
                    assertThat(failureOf(f)).isInstanceOf(ProviderUnavailableException.class);
                    refused++;
                }
            }
            assertThat(served).isEqualTo(359); // 250 ms .. 89.75 s
            assertThat(refused).isPositive();
            assertThat(provider.calls()).as("failing refreshes were attempted").isGreaterThan(1);
        }
    }

    @Test
    @DisplayName("the boundary is exact: valid 1 ms before the effective expiry, refused at it")
    void exactBoundary() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenIssue(Duration.ofSeconds(100))
                .otherwiseFail(ScriptedProvider::unavailable);
        Instant t0 = vt.clock.instant();
        try (TokenSource source = vt.source(provider).retry(RetryPolicy.none()).build()) {
            AccessToken first = vt.fetchNow(source);
            vt.scheduler.advanceTo(t0.plusSeconds(90).minusMillis(1));
            assertThat(source.token()).isSameAs(first);
            vt.scheduler.advanceTo(t0.plusSeconds(90));
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(failureOf(f)).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Test
    @DisplayName("a JWT whose exp is earlier than the declared lifetime expires by its exp")
    void jwtExpWins() {
        Instant t0 = vt.clock.instant();
        String jwt = jwt(t0.plusSeconds(600)); // declared 1 h, exp claim 10 min
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .then((n, now) -> AccessToken.builder(jwt).issuedAt(now).expiresIn(Duration.ofHours(1)).build())
                .otherwiseFail(ScriptedProvider::unavailable);
        try (TokenSource source = vt.source(provider).retry(RetryPolicy.none()).build()) {
            AccessToken t = vt.fetchNow(source);
            assertThat(t.expiresAt()).contains(t0.plusSeconds(600));
            // skew = min(30 s, 60 s) = 30 s: handed out until 9 min 30 s, not an instant longer
            vt.scheduler.advanceTo(t0.plusSeconds(570).minusMillis(1));
            assertThat(source.token().value()).isEqualTo(jwt);
            vt.scheduler.advanceTo(t0.plusSeconds(570));
            assertThat(failureOf(vt.ask(source))).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"app\",\"exp\":" + exp.getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
