package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenReissuedException;
import dev.tokenkit.TokenSourceListener.Fetch;
import dev.tokenkit.TokenSourceListener.Reason;
import dev.tokenkit.testing.ManualClock;

import org.junit.jupiter.api.Test;

/** The health rules, on virtual time: what each listener event does to a source's state. */
class SourceStateTest {
    final ManualClock clock = ManualClock.create();
    final SourceState state = new SourceState(clock);
    final Fetch fetch = new Fetch("symbl", Reason.NO_TOKEN, 1, Duration.ofMillis(5));

    AccessToken token(Duration lifetime) {
        return AccessToken.builder("value-" + lifetime.toSeconds()).expiresAt(clock.instant().plus(lifetime)).build();
    }

    @Test
    void unknownBeforeTheFirstFetch() {
        assertThat(state.snapshot()).isEqualTo(new SourceState.Snapshot(SourceState.Status.UNKNOWN, null, false, null, 0));
    }

    @Test
    void upWhileATokenIsHeldWithTimeLeft() {
        state.refreshSucceeded(fetch, token(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(4));
        assertThat(state.snapshot()).isEqualTo(
                new SourceState.Snapshot(SourceState.Status.UP, Duration.ofMinutes(6), false, null, 1));
    }

    @Test
    void upAndStaleWhenARefreshFailedButTheTokenIsStillServed() {
        state.refreshSucceeded(fetch, token(Duration.ofMinutes(10)));
        state.refreshFailed(fetch, new ProviderUnavailableException("symbl", "HTTP 503", null), true, Duration.ofSeconds(2));
        assertThat(state.snapshot()).isEqualTo(new SourceState.Snapshot(SourceState.Status.UP, Duration.ofMinutes(10), true,
                "ProviderUnavailableException", 1));
    }

    @Test
    void downWhenNoValidTokenIsHeldAndTheLastFetchFailed() {
        state.refreshFailed(fetch, new ProviderUnavailableException("symbl", "HTTP 503", null), false, Duration.ofSeconds(2));
        assertThat(state.snapshot().status()).isEqualTo(SourceState.Status.DOWN);
        assertThat(state.snapshot().lastError()).isEqualTo("ProviderUnavailableException");
    }

    @Test
    void downWhenTheStaleTokenExpiresWhileFetchesFail() {
        state.refreshSucceeded(fetch, token(Duration.ofMinutes(10)));
        state.refreshFailed(fetch, new ProviderUnavailableException("symbl", "HTTP 503", null), true, Duration.ofSeconds(2));
        clock.advance(Duration.ofMinutes(10));
        assertThat(state.snapshot()).isEqualTo(new SourceState.Snapshot(SourceState.Status.DOWN, null, false,
                "ProviderUnavailableException", 1));
    }

    @Test
    void unknownWhenTheTokenExpiredWithoutAFailedFetch() {
        state.refreshSucceeded(fetch, token(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(2));
        assertThat(state.snapshot().status()).isEqualTo(SourceState.Status.UNKNOWN);
    }

    @Test
    void anInvalidatedTokenIsNoLongerHeldAndARefusedReissueBringsItBack() {
        AccessToken t = token(Duration.ofMinutes(10));
        state.refreshSucceeded(fetch, t);
        state.tokenInvalidated("symbl", t);
        assertThat(state.snapshot().status()).isEqualTo(SourceState.Status.UNKNOWN);
        state.refreshFailed(fetch, new TokenReissuedException("symbl", "re-issued"), true, Duration.ofSeconds(2));
        assertThat(state.snapshot().status()).isEqualTo(SourceState.Status.UP);
        assertThat(state.snapshot().stale()).isTrue();
    }

    @Test
    void aSuccessAfterFailuresClearsTheError() {
        state.refreshFailed(fetch, new ProviderUnavailableException("symbl", "HTTP 503", null), false, Duration.ofSeconds(2));
        state.refreshSucceeded(fetch, token(Duration.ofMinutes(10)));
        assertThat(state.snapshot().lastError()).isNull();
        assertThat(state.snapshot().status()).isEqualTo(SourceState.Status.UP);
    }
}
