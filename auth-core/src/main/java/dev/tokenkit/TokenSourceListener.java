package dev.tokenkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Hears what a {@link TokenSource} does, e.g. to count refreshes and failures in metrics.
 * Every method has an empty default; implement the ones you need. Every event names the
 * provider. Methods run on a tokenkit thread (or the thread of a caller that caused the event)
 * and must return quickly: they share a few threads with every other source. A listener that
 * throws anything, even an {@link Error}, is logged and ignored; it never stops the source.
 * Tokens passed in print only their fingerprint.
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
     * What one finished fetch cost.
     *
     * @param providerId the provider's id
     * @param reason     why the fetch started
     * @param attempts   token requests made; 0 when the token was adopted from the
     *                   {@linkplain dev.tokenkit.spi.TokenStore store} without a request
     * @param duration   from the start of the fetch to its end, on the source's clock
     */
    record Fetch(String providerId, Reason reason, int attempts, Duration duration) {
        /**
         * Checks the fields.
         *
         * @param providerId the provider's id
         * @param reason     why the fetch started
         * @param attempts   requests made, not negative
         * @param duration   how long it took, not negative
         */
        public Fetch {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(duration, "duration");
            if (attempts < 0 || duration.isNegative()) {
                throw new IllegalArgumentException("attempts and duration must not be negative");
            }
        }
    }

    /**
     * A fetch started.
     *
     * @param providerId the provider's id
     * @param reason     why
     */
    default void refreshStarted(String providerId, Reason reason) {
    }

    /**
     * A fetch produced a token.
     *
     * @param fetch what the fetch cost
     * @param token the new token
     */
    default void refreshSucceeded(Fetch fetch, AccessToken token) {
    }

    /**
     * A fetch failed for good (after its retries), or the provider re-issued a token that had
     * just been invalidated ({@link TokenReissuedException}). Failures that are not
     * {@link TokenException}s (a provider's {@code NullPointerException}, an {@link Error}) arrive
     * here wrapped in a {@link ProviderUnavailableException} whose cause they are.
     *
     * @param fetch         what the fetch cost
     * @param error         the error
     * @param servingStale  whether callers keep getting a still-valid cached token
     * @param nextAttemptIn how long until the next fetch may start
     */
    default void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
    }

    /**
     * A request failed and will be retried within the same fetch.
     *
     * @param providerId    the provider's id
     * @param error         the error
     * @param failedAttempt the number of the request that failed (1-based)
     * @param wait          the wait before the retry
     */
    default void retryScheduled(String providerId, TokenException error, int failedAttempt, Duration wait) {
    }

    /**
     * The {@linkplain dev.tokenkit.spi.TokenStore token store} failed; the fetch went on without
     * it, so callers were not affected.
     *
     * @param providerId the provider's id
     * @param error      what the store threw
     */
    default void storeFailed(String providerId, Throwable error) {
    }

    /**
     * A fetch abandoned at its deadline is still running a second after it: the provider's
     * {@code fetch()} did not return when its thread was interrupted (it swallows
     * {@link InterruptedException}, or blocks in a call that ignores interrupts). The thread stays
     * with the provider until it returns; until then the source starts no other fetch (its callers
     * get a {@link ProviderUnavailableException} that says so), and the shared fetch pool runs
     * other sources' fetches on a replacement thread. Reported once per stuck fetch; a metric can
     * count these, and {@link #stuckFetchReturned} when they end.
     *
     * @param providerId the provider's id
     * @param threadName the name of the thread the fetch holds, as a thread dump shows it
     */
    default void fetchStuck(String providerId, String threadName) {
    }

    /**
     * A fetch reported by {@link #fetchStuck} returned at last; its result was discarded, the
     * thread is free and the source fetches again when next asked.
     *
     * @param providerId the provider's id
     * @param threadName the name of the thread the fetch held
     */
    default void stuckFetchReturned(String providerId, String threadName) {
    }

    /**
     * The cached token was invalidated by {@link TokenSource#invalidate(AccessToken)}.
     *
     * @param providerId the provider's id
     * @param token      the invalidated token
     */
    default void tokenInvalidated(String providerId, AccessToken token) {
    }
}
