package dev.tokenkit;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Always has a valid token ready: fetched through a {@link TokenProvider}, cached, refreshed in
 * the background ahead of expiry, retried with backoff when the vendor is flaky.
 *
 * <p>Guarantees (see {@code docs/lifecycle.md}):
 * <ol>
 *   <li>never hands out a token at or past its effective expiry ({@link ExpiryPolicy});</li>
 *   <li>refreshes ahead in the background: in steady state no caller waits on the network;</li>
 *   <li>single flight: at most one token request in flight, however many callers;</li>
 *   <li>stale on error: while a refresh fails and the cached token is valid, callers keep getting
 *       it; only when no valid token remains do they see the (typed) error;</li>
 *   <li>no storms: failed fetches are followed by a growing cool-down ({@link RetryPolicy});
 *       invalidating one token from many callers causes one fetch.</li>
 * </ol>
 *
 * <p>Thread-safe. Close it to stop background work; a closed source throws
 * {@link IllegalStateException}.
 */
public interface TokenSource extends AutoCloseable {

    /**
     * Starts a source over a provider.
     *
     * @param provider the provider
     * @return a builder
     */
    static Builder builder(TokenProvider provider) {
        return new Builder(provider);
    }

    /**
     * The provider's id.
     *
     * @return the id
     */
    String providerId();

    /**
     * A valid token: from the cache when one is valid (the normal case, no waiting), otherwise
     * after waiting for the single in-flight fetch, at most the builder's {@code maxWait}.
     *
     * @return a token valid now
     * @throws TokenException        when no valid token could be obtained
     * @throws IllegalStateException when the source is closed
     */
    AccessToken token();

    /**
     * A valid token, asynchronously; completes at once when a valid token is cached.
     * Cancelling the returned future does not cancel the fetch other callers share.
     *
     * @return a future of a token valid when it completes
     */
    CompletableFuture<AccessToken> tokenAsync();

    /**
     * Reports that an API rejected this token (e.g. HTTP 401). If it is the cached token, the
     * next call fetches a new one; many callers invalidating the same token cause one fetch, and
     * invalidating an older token than the cached one does nothing.
     *
     * @param token the rejected token
     */
    void invalidate(AccessToken token);

    /** Stops background work; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();

    /** Builds a {@link TokenSource}. */
    final class Builder {
        final TokenProvider provider;
        ExpiryPolicy expiry = ExpiryPolicy.defaults();
        RetryPolicy retry = RetryPolicy.defaults();
        InstantSource clock = InstantSource.system();
        ScheduledExecutorService executor;
        Duration maxWait = Duration.ofSeconds(30);
        final List<TokenSourceListener> listeners = new ArrayList<>();

        private Builder(TokenProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /**
         * Sets the expiry policy (default {@link ExpiryPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder expiry(ExpiryPolicy policy) {
            this.expiry = Objects.requireNonNull(policy, "expiry policy");
            return this;
        }

        /**
         * Sets the retry policy (default {@link RetryPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry policy");
            return this;
        }

        /**
         * Sets the clock (default the system clock); tests pass a manual clock. Give the provider
         * the same clock ({@link TokenProviders#withClock}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the executor that runs fetches, retry waits and scheduled refreshes. By default
         * the source owns a single daemon thread, shut down by {@link TokenSource#close()}; an
         * executor passed here is not shut down by the source.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets how long {@link TokenSource#token()} waits for a fetch (default 30 s).
         *
         * @param maxWait positive
         * @return this builder
         */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative() || maxWait.isZero()) {
                throw new IllegalArgumentException("maxWait must be positive (was " + maxWait + ")");
            }
            this.maxWait = maxWait;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TokenSourceListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the source. No request is made until the first call.
         *
         * @return the source
         */
        public TokenSource build() {
            return new DefaultTokenSource(this);
        }
    }
}
