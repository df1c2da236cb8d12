package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.Policies;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock steps: the scheduler keeps elapsed time on its own clock while the sources' wall
 * clock (what tokens' expiries are judged on) jumps by an hour, as NTP or a VM resume makes it.
 * A newer fetch always replaces the token it follows, whatever the two expiries say.
 */
class ClockStepTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LIFETIME = Duration.ofSeconds(10);

    /** Elapsed time: what the scheduler runs on. */
    private final ManualClock elapsed = ManualClock.create();
    private final ManualScheduler scheduler = new ManualScheduler(elapsed);
    private final TokenKey key = TokenKey.of(ScriptedProvider.ID, "tenant", Secret.of("s"));

    /** A wall clock: elapsed time plus an offset that the test steps. */
    static final class WallClock implements InstantSource {
        private final ManualClock elapsed;
        private volatile Duration offset = Duration.ZERO;

        WallClock(ManualClock elapsed) {
            this.elapsed = elapsed;
        }

        void step(Duration to) {
            offset = to;
        }

        /** The true time: elapsed time without the offset. */
        Instant truth() {
            return elapsed.instant();
        }

        @Override
        public Instant instant() {
            return elapsed.instant().plus(offset);
        }
    }

    private static ExpiryPolicy expiry() {
        return Policies.expiry(() -> 0.5).minRefreshInterval(Duration.ofSeconds(1)).build();
    }

    private TokenSource.Builder source(ScriptedProvider provider, WallClock wall) {
        return TokenSource.builder(provider).clock(wall).scheduler(scheduler).fetchExecutor(scheduler).expiry(expiry()).retry(VirtualTime.retry());
    }

    private AccessToken now(TokenSource source) {
        var f = source.tokenAsync();
        scheduler.runDueTasks();
        assertThat(f).as("a token after running the due tasks").isDone();
        return f.join();
    }

    /** The true expiry of a token issued at {@code issuedAt} on a wall clock that was {@code offset} off. */
    private static Instant trueExpiry(AccessToken t, Duration offset) {
        return t.issuedAt().minus(offset).plus(LIFETIME);
    }

    /**
     * Calls the source every 250 ms of elapsed time for {@code span}; each token handed out must
     * not be past its true expiry, given the wall clock's offset when it was fetched.
     */
    private void serveFor(TokenSource source, Duration span, java.util.function.Function<AccessToken, Duration> offsetAtFetch,
                          WallClock wall) {
        for (long ms = 0; ms < span.toMillis(); ms += 250) {
            scheduler.advance(Duration.ofMillis(250));
            AccessToken t = now(source);
            assertThat(trueExpiry(t, offsetAtFetch.apply(t)))
                    .as("%s handed out at true time %s", t.value(), wall.truth()).isAfter(wall.truth());
        }
    }

    @Test
    @DisplayName("clock an hour fast, a 10 s token fetched, clock stepped back: the refresh replaces it on time and"
            + " the old token is never served past its true expiry")
    void backwardStep() {
        WallClock wall = new WallClock(elapsed);
        wall.step(HOUR);
        ScriptedProvider provider = new ScriptedProvider(wall).otherwiseIssue(LIFETIME);
        try (TokenSource source = source(provider, wall).build()) {
            AccessToken t1 = now(source);
            wall.step(Duration.ZERO);
            serveFor(source, Duration.ofSeconds(30), t -> t.value().equals(t1.value()) ? HOUR : Duration.ZERO, wall);
            assertThat(source.token().value()).isNotEqualTo(t1.value());
            // a 10 s token is refreshed 4.235 s after its fetch (ExpiryPolicy: 4.5 s before its
            // effective expiry, scaled by 0.8 / 0.85): 1 + 7 fetches in 30 s, as without a step
            assertThat(provider.calls()).as("fetches").isEqualTo(8);
        }
    }

    @Test
    @DisplayName("clock stepped forward an hour: the token looks expired, the next call fetches; stepped back"
            + " again, the refresh replaces that token on time")
    void forwardThenBackStep() {
        WallClock wall = new WallClock(elapsed);
        ScriptedProvider provider = new ScriptedProvider(wall).otherwiseIssue(LIFETIME);
        try (TokenSource source = source(provider, wall).build()) {
            AccessToken t1 = now(source);
            wall.step(HOUR);
            AccessToken t2 = now(source);
            assertThat(t2.value()).as("fetched at once: t1 looks an hour old").isNotEqualTo(t1.value());
            assertThat(provider.calls()).isEqualTo(2);
            wall.step(Duration.ZERO);
            serveFor(source, Duration.ofSeconds(30), t -> t.value().equals(t2.value()) ? HOUR : Duration.ZERO, wall);
            assertThat(source.token().value()).isNotEqualTo(t2.value());
        }
    }

    @Test
    @DisplayName("two sources sharing a store adopt a token fetched with the clock an hour fast; after the step back"
            + " each one's refresh replaces it, and neither serves it past its true expiry")
    void sharedStoreBackwardStep() {
        WallClock wall = new WallClock(elapsed);
        wall.step(HOUR);
        TokenStore store = TokenStore.inMemory(elapsed);
        ScriptedProvider pa = new ScriptedProvider(wall).otherwise((n, at) -> AccessToken.builder("a-" + n)
                .issuedAt(at).expiresIn(LIFETIME).build());
        ScriptedProvider pb = new ScriptedProvider(wall).otherwise((n, at) -> AccessToken.builder("b-" + n)
                .issuedAt(at).expiresIn(LIFETIME).build());
        try (TokenSource a = source(pa, wall).store(store).key(key).build();
             TokenSource b = source(pb, wall).store(store).key(key).build()) {
            AccessToken t1 = now(a);
            assertThat(now(b).value()).as("adopted").isEqualTo(t1.value());
            wall.step(Duration.ZERO);
            for (long ms = 0; ms < 30_000; ms += 250) {
                scheduler.advance(Duration.ofMillis(250));
                for (TokenSource s : new TokenSource[] {a, b}) {
                    AccessToken t = now(s);
                    Duration offset = t.value().equals(t1.value()) ? HOUR : Duration.ZERO;
                    assertThat(trueExpiry(t, offset)).as("%s handed out at true time %s", t.value(), wall.truth())
                            .isAfter(wall.truth());
                }
            }
        }
    }

    @Test
    @DisplayName("a token published by a replica whose clock is an hour fast is not adopted (it was issued in the"
            + " reader's future); the reader fetches its own and serves it")
    void tokenFromTheFutureNotAdopted() {
        WallClock fast = new WallClock(elapsed);
        fast.step(HOUR);
        WallClock right = new WallClock(elapsed);
        TokenStore store = TokenStore.inMemory(elapsed);
        ScriptedProvider pa = new ScriptedProvider(fast).otherwise((n, at) -> AccessToken.builder("a-" + n)
                .issuedAt(at).expiresIn(LIFETIME).build());
        ScriptedProvider pb = new ScriptedProvider(right).otherwise((n, at) -> AccessToken.builder("b-" + n)
                .issuedAt(at).expiresIn(LIFETIME).build());
        try (TokenSource a = source(pa, fast).store(store).key(key).build();
             TokenSource b = source(pb, right).store(store).key(key).build()) {
            assertThat(now(a).value()).isEqualTo("a-1");
            assertThat(now(b).value()).isEqualTo("b-1");
            assertThat(pb.calls()).isEqualTo(1);
            scheduler.advance(Duration.ofSeconds(9));
            assertThat(now(b).value()).as("b refreshed its own token").startsWith("b-");
        }
    }
}
