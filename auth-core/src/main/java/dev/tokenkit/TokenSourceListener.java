package dev.tokenkit;

import java.time.Duration;

/**
 * Hears what a {@link TokenSource} does, e.g. to count refreshes and failures in metrics.
 * Every method has an empty default; implement the ones you need. Methods run on the thread that
 * caused the event and must return quickly; an exception thrown by a listener is logged and
 * ignored. Tokens passed in print only their fingerprint.
 */
public interface TokenSourceListener {

    /** Why a fetch started. */
    enum Reason {
        /** No valid token was cached and a caller asked for one. */
        NO_TOKEN,
        /** The cached token reached its refresh point. */
        REFRESH_AHEAD,
        /** A background refresh failed earlier and is being tried again. */
        RETRY_AFTER_FAILURE,
        /** The cached token was invalidated. */
        INVALIDATED
    }

    /**
     * A fetch started.
     *
     * @param reason why
     */
    default void refreshStarted(Reason reason) {
    }

    /**
     * A fetch produced a token.
     *
     * @param token    the new token
     * @param attempts requests it took
     */
    default void refreshSucceeded(AccessToken token, int attempts) {
    }

    /**
     * A fetch failed for good (after its retries).
     *
     * @param error        the error
     * @param servingStale whether callers keep getting the still-valid cached token
     * @param nextAttemptIn how long until the next fetch may start
     */
    default void refreshFailed(TokenException error, boolean servingStale, Duration nextAttemptIn) {
    }

    /**
     * A request failed and will be retried.
     *
     * @param error         the error
     * @param failedAttempt the number of the request that failed (1-based)
     * @param wait          the wait before the retry
     */
    default void retryScheduled(TokenException error, int failedAttempt, Duration wait) {
    }

    /**
     * The cached token was invalidated by {@link TokenSource#invalidate(AccessToken)}.
     *
     * @param token the invalidated token
     */
    default void tokenInvalidated(AccessToken token) {
    }
}
