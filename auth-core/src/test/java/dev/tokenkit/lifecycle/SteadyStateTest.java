package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 2: refresh ahead in the background; in steady state every call is served from the cache. */
class SteadyStateTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("over 50 token lifetimes every call is a cache hit and each refresh starts in the background at 80 %")
    void fiftyLifetimes() {
        Duration lifetime = Duration.ofHours(1);
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(lifetime);
        Recorder events = new Recorder(vt.clock);
        Instant t0 = vt.clock.instant();
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            assertThat(provider.calls()).isEqualTo(1);

            Set<String> seen = new HashSet<>();
            seen.add(first.value());
            Instant end = t0.plus(lifetime.multipliedBy(50));
            while (vt.clock.instant().isBefore(end)) {
                vt.scheduler.advance(Duration.ofSeconds(30)); // background refreshes run when due
                Instant now = vt.clock.instant();
                int before = provider.calls();
                AccessToken t = source.token(); // synchronous: must never wait (it would hang the test thread)
                assertThat(provider.calls()).as("token() made a request at %s", now).isEqualTo(before);
                assertThat(t.isExpiredAt(now.plusSeconds(30))).isFalse();
                seen.add(t.value());
            }

            // every refresh after the first fetch was a background refresh ahead of expiry
            assertThat(events.reasons().get(0)).isEqualTo(Reason.NO_TOKEN);
            assertThat(events.reasons().subList(1, events.reasons().size())).containsOnly(Reason.REFRESH_AHEAD);
            assertThat(events.failed).isEmpty();
            // each refresh started at exactly 80 % of its token's lifetime (48 min), so 50 h hold
            // 1 + floor(3000 min / 48 min) = 63 requests: fewer than lifetimes / 0.75 + 1
            assertThat(provider.calls()).isEqualTo(63).isLessThanOrEqualTo((int) (50 / 0.75) + 1);
            for (int i = 1; i < events.started.size(); i++) {
                Instant previousIssue = events.succeeded.get(i - 1).at();
                assertThat(events.started.get(i).at()).isEqualTo(previousIssue.plus(Duration.ofMinutes(48)));
            }
            assertThat(seen).hasSize(63); // each new token was adopted
        }
    }

    @Test
    @DisplayName("with real jitter the refresh starts between 75 % and 85 % of the lifetime")
    void jitteredRefreshPoint() {
        Duration lifetime = Duration.ofSeconds(100);
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(lifetime);
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = TokenSource.builder(provider).clock(vt.clock).scheduler(vt.scheduler).fetchExecutor(vt.scheduler)
                .expiry(ExpiryPolicy.defaults()).listener(events).build()) {
            vt.fetchNow(source);
            for (int i = 0; i < 2000; i++) {
                vt.scheduler.advance(Duration.ofSeconds(1));
                source.token();
            }
            assertThat(events.started.size()).isGreaterThan(20);
            assertThat(events.reasons().subList(1, events.reasons().size())).containsOnly(Reason.REFRESH_AHEAD);
            Set<Instant> distinctOffsets = new HashSet<>();
            for (int i = 1; i < events.started.size(); i++) {
                Duration sinceIssue = Duration.between(events.succeeded.get(i - 1).at(), events.started.get(i).at());
                assertThat(sinceIssue).isBetween(Duration.ofSeconds(75), Duration.ofSeconds(85));
                distinctOffsets.add(Instant.EPOCH.plus(sinceIssue));
            }
            assertThat(distinctOffsets).as("jitter varies the refresh point").hasSizeGreaterThan(1);
        }
    }
}
