package dev.tokenkit.testkit.lifecycle;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSourceListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every {@link TokenSourceListener} event with the clock's instant. */
final class Recorder implements TokenSourceListener {
    record Started(Instant at, Reason reason) {
    }

    record Succeeded(Instant at, AccessToken token, int attempts) {
    }

    record Failed(Instant at, TokenException error, boolean servingStale, Duration nextAttemptIn) {
    }

    record Retry(Instant at, TokenException error, int failedAttempt, Duration delay) {
    }

    private final InstantSource clock;
    final List<Started> started = new CopyOnWriteArrayList<>();
    final List<Succeeded> succeeded = new CopyOnWriteArrayList<>();
    final List<Failed> failed = new CopyOnWriteArrayList<>();
    final List<Retry> retries = new CopyOnWriteArrayList<>();
    final List<AccessToken> invalidated = new CopyOnWriteArrayList<>();

    Recorder(InstantSource clock) {
        this.clock = clock;
    }

    List<Reason> reasons() {
        return started.stream().map(Started::reason).collect(Collectors.toList());
    }

    @Override
    public void refreshStarted(Reason reason) {
        started.add(new Started(clock.instant(), reason));
    }

    @Override
    public void refreshSucceeded(AccessToken token, int attempts) {
        succeeded.add(new Succeeded(clock.instant(), token, attempts));
    }

    @Override
    public void refreshFailed(TokenException error, boolean servingStale, Duration nextAttemptIn) {
        failed.add(new Failed(clock.instant(), error, servingStale, nextAttemptIn));
    }

    @Override
    public void retryScheduled(TokenException error, int failedAttempt, Duration wait) {
        retries.add(new Retry(clock.instant(), error, failedAttempt, wait));
    }

    @Override
    public void tokenInvalidated(AccessToken token) {
        invalidated.add(token);
    }
}
