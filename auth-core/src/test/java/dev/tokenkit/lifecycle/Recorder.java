package dev.tokenkit.lifecycle;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSourceListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Records every {@link TokenSourceListener} event with the clock's instant.
 * Public because {@code dev.tokenkit.RetryPolicyTest} uses it too.
 */
public final class Recorder implements TokenSourceListener {
    public record Started(Instant at, Reason reason) {
    }

    public record Succeeded(Instant at, AccessToken token, int attempts) {
    }

    public record Failed(Instant at, TokenException error, boolean servingStale, Duration nextAttemptIn) {
    }

    public record Retry(Instant at, TokenException error, int failedAttempt, Duration delay) {
    }

    private final InstantSource clock;
    public final List<Started> started = new CopyOnWriteArrayList<>();
    public final List<Succeeded> succeeded = new CopyOnWriteArrayList<>();
    public final List<Failed> failed = new CopyOnWriteArrayList<>();
    public final List<Retry> retries = new CopyOnWriteArrayList<>();
    public final List<AccessToken> invalidated = new CopyOnWriteArrayList<>();

    public Recorder(InstantSource clock) {
        this.clock = clock;
    }

    public List<Reason> reasons() {
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
