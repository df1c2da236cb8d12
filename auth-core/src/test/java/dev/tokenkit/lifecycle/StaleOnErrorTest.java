package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 4 (stale on error) and the failure half of guarantee 5 (no storms). */
class StaleOnErrorTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("a failing background refresh is invisible while the token is valid; retries back off; then the typed error")
    void staleThenTypedError() {
        Duration lifetime = Duration.ofMinutes(100);
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenIssue(lifetime)
                .otherwiseFail(ScriptedProvider::unavailable);
        Recorder events = new Recorder(vt.clock);
        Instant t0 = vt.clock.instant();
        Instant effective = t0.plus(lifetime).minusSeconds(30);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            // callers every 10 s, all the way to the effective expiry: always the current token
            while (vt.clock.instant().plusSeconds(10).isBefore(effective)) {
                vt.scheduler.advance(Duration.ofSeconds(10));
                assertThat(source.token()).isSameAs(first);
            }
            assertThat(events.failed).isNotEmpty().allSatisfy(f -> assertThat(f.servingStale()).isTrue());
            assertThat(events.reasons()).startsWith(Reason.NO_TOKEN, Reason.REFRESH_AHEAD);
            assertThat(events.reasons().subList(2, events.reasons().size())).containsOnly(Reason.RETRY_AFTER_FAILURE);
            // the first failed refresh started at 80 min
            assertThat(events.started.get(1).at()).isEqualTo(t0.plus(Duration.ofMinutes(80)));

            // within each fetch: 4 requests, waits growing 500 ms, 1 s, 2 s (jitter pinned), on virtual time
            List<Recorder.Retry> firstFetch = events.retries.subList(0, 3);
            assertThat(firstFetch).extracting(Recorder.Retry::failedAttempt).containsExactly(1, 2, 3);
            assertThat(firstFetch).extracting(Recorder.Retry::delay)
                    .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(Duration.between(firstFetch.get(0).at(), firstFetch.get(2).at())).isEqualTo(Duration.ofMillis(1500));
            assertThat(events.failed.get(0).error().attempts()).isEqualTo(4);
            // between fetches: cool-downs grow (2 s doubling, × 0.875 with the jitter pinned) while the
            // token has time left; near the end they shrink to half the remaining validity
            List<Duration> waits = new ArrayList<>();
            events.failed.forEach(f -> waits.add(f.nextAttemptIn()));
            assertThat(waits.subList(0, 6)).containsExactly(Duration.ofMillis(1750), Duration.ofMillis(3500),
                    Duration.ofSeconds(7), Duration.ofSeconds(14), Duration.ofSeconds(28), Duration.ofSeconds(56));
            assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMinutes(2)));
            // not hammered: ~20 minutes of failing refreshes took a few dozen requests
            assertThat(provider.calls()).isLessThanOrEqualTo(1 + 4 * events.failed.size());
            assertThat(events.failed.size()).isLessThan(25);

            // past the effective expiry: the provider's typed error, with the attempt count
            vt.scheduler.advanceTo(effective);
            CompletableFuture<AccessToken> f = vt.ask(source);
            vt.scheduler.advance(Duration.ofSeconds(5));
            Throwable error = failureOf(f);
            assertThat(error).isInstanceOf(ProviderUnavailableException.class);
            assertThat(((ProviderUnavailableException) error).attempts()).isBetween(1, 4);
            assertThat(((ProviderUnavailableException) error).httpStatus()).hasValue(503);
            // and synchronously during the cool-down, at once
            assertThatThrownBy(source::token).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Test
    @DisplayName("without a token, an always-failing provider hammered every second for 10 minutes gets a bounded number of requests")
    void downProviderNotHammered() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseFail(ScriptedProvider::unavailable);
        Recorder events = new Recorder(vt.clock);
        Duration period = Duration.ofMinutes(10);
        List<CompletableFuture<AccessToken>> calls = new ArrayList<>();
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            Instant end = vt.clock.instant().plus(period);
            while (vt.clock.instant().isBefore(end)) {
                calls.add(vt.ask(source));
                vt.scheduler.advance(Duration.ofSeconds(1));
            }
            vt.scheduler.advance(Duration.ofMinutes(1)); // let the last fetch finish
        }
        // Bound from the policy, whatever the jitter: a fetch makes at most 4 requests, and after the
        // k-th failed fetch the next waits at least 0.75 × min(2 s × 2^(k-1), 2 min) (jitter ≥ 0.75).
        int maxFetches = 0;
        double t = 0;
        for (int k = 1; t < period.toMillis(); k++) {
            maxFetches++;
            t += 0.75 * Math.min(2000 * Math.pow(2, k - 1), 120_000);
        }
        int bound = 4 * maxFetches;
        assertThat(maxFetches).isEqualTo(12);
        assertThat(provider.calls()).isLessThanOrEqualTo(bound).isLessThan(calls.size()); // 48 vs. 600 callers
        // with the jitter pinned and each fetch taking 3.5 s of retries, exactly 11 fetches (44 requests):
        // at 0, 6, 13, 24, 42, 74, 134, 243, 352, 461 and 570 s
        assertThat(events.started).hasSize(11);
        assertThat(provider.calls()).isEqualTo(44);
        assertThat(calls).allSatisfy(c -> assertThat(failureOf(c)).isInstanceOf(ProviderUnavailableException.class));
    }
}
