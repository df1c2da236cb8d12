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

    public record Succeeded(Instant at, AccessToken token, int attempts, Fetch fetch) {
    }

    public record Failed(Instant at, TokenException error, boolean servingStale, Duration nextAttemptIn, Fetch fetch) {
    }

    public record Retry(Instant at, TokenException error, int failedAttempt, Duration delay) {
    }

    private final InstantSource clock;
    public final List<Started> started = new CopyOnWriteArrayList<>();
    public final List<Succeeded> succeeded = new CopyOnWriteArrayList<>();
    public final List<Failed> failed = new CopyOnWriteArrayList<>();
    public final List<Retry> retries = new CopyOnWriteArrayList<>();
    public final List<AccessToken> invalidated = new CopyOnWriteArrayList<>();
    public final List<Throwable> storeFailures = new CopyOnWriteArrayList<>();

    public Recorder(InstantSource clock) {
        this.clock = clock;
    }

    public List<Reason> reasons() {
        return started.stream().map(Started::reason).collect(Collectors.toList());
    }

    @Override
    public void refreshStarted(String providerId, Reason reason) {
        started.add(new Started(clock.instant(), reason));
    }

    @Override
    public void refreshSucceeded(Fetch fetch, AccessToken token) {
        succeeded.add(new Succeeded(clock.instant(), token, fetch.attempts(), fetch));
    }

    @Override
    public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
        failed.add(new Failed(clock.instant(), error, servingStale, nextAttemptIn, fetch));
    }

    @Override
    public void retryScheduled(String providerId, TokenException error, int failedAttempt, Duration wait) {
        retries.add(new Retry(clock.instant(), error, failedAttempt, wait));
    }

    @Override
    public void tokenInvalidated(String providerId, AccessToken token) {
        invalidated.add(token);
    }

    @Override
    public void storeFailed(String providerId, Throwable error) {
        storeFailures.add(error);
    }
}
