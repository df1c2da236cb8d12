package dev.tokenkit.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReissuedException;
import dev.tokenkit.TokenSourceListener;

/**
 * What a source's listener events say of its cached token, for the health contributor and the
 * {@code tokenkit} endpoint: reading it never asks the source for a token, so a probe never causes
 * a fetch. Holds expiry times and error types, never a token.
 */
final class SourceState implements TokenSourceListener {

    /** The health of a source. */
    enum Status {
        /** No fetch has ended yet, or the token expired without a failed fetch. */
        UNKNOWN,
        /** A token that has not expired is held. */
        UP,
        /** No valid token is held and the last fetch failed. */
        DOWN
    }

    /** A consistent reading. */
    record Snapshot(Status status, Duration expiresIn, boolean stale, String lastError, long refreshes) {
    }

    private final InstantSource clock;
    private final AtomicLong refreshes = new AtomicLong();
    /** Expiry of the token the source serves; {@code null} when it serves none. */
    private volatile Instant expiresAt;
    /** Expiry of the last invalidated token, served again if the endpoint re-issues it. */
    private volatile Instant invalidatedExpiresAt;
    /** The simple class name of the last fetch's error; {@code null} when it succeeded or none ended. */
    private volatile String lastError;
    /** Whether the last fetch failed while the cached token kept being served. */
    private volatile boolean stale;

    SourceState(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void refreshSucceeded(Fetch fetch, AccessToken token) {
        expiresAt = token.expiresAt().orElse(null);
        lastError = null;
        stale = false;
        refreshes.incrementAndGet();
    }

    @Override
    public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
        if (error instanceof TokenReissuedException) {
            expiresAt = invalidatedExpiresAt; // the re-issued token is served again
        }
        lastError = error.getClass().getSimpleName();
        stale = servingStale;
    }

    @Override
    public void tokenInvalidated(String providerId, AccessToken token) {
        invalidatedExpiresAt = token.expiresAt().orElse(null);
        expiresAt = null;
    }

    Snapshot snapshot() {
        Instant expiry = expiresAt;
        String error = lastError;
        Duration left = expiry == null ? null : Duration.between(clock.instant(), expiry);
        boolean valid = left != null && !left.isNegative() && !left.isZero();
        Status status = valid ? Status.UP : error != null ? Status.DOWN : Status.UNKNOWN;
        return new Snapshot(status, valid ? left : null, valid && stale, error, refreshes.get());
    }
}
