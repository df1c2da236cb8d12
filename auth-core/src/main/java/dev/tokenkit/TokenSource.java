package dev.tokenkit;

import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.internal.SharedThreads;
import dev.tokenkit.spi.TokenStore;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 *       invalidating one token from many callers causes one fetch; a token the endpoint re-issues
 *       right after its invalidation counts as a failure ({@link TokenReissuedException});
 *       background refreshes are never closer than {@link ExpiryPolicy#minRefreshInterval()};
 *       a source nobody reads stops refreshing ahead ({@link Builder#maxIdleRefreshes});</li>
 *   <li>never wedged: every fetch ends by its deadline, whatever the provider, the store or a
 *       listener throws or however long they hang, and the next fetch follows the cool-down.</li>
 * </ol>
 *
 * <p>Each caller that sees a failure gets an exception of its own, thrown from its own stack,
 * whose cause is the failure all callers of that fetch share.
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
     * A valid token, asynchronously; completes at once when a valid token is cached, else when
     * the in-flight fetch ends (by its deadline at the latest). Cancelling the returned future
     * does not cancel the fetch other callers share. When it completes later, it completes on a
     * tokenkit thread that every source shares: chain blocking work with the {@code *Async}
     * methods and an executor of yours.
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

    /**
     * Reports that an API rejected the token sent in this {@code Authorization} header value, as
     * an HTTP client integration sees it: the value it sent, not the {@link AccessToken}. If it
     * is the {@linkplain AccessToken#authorizationHeader() header} of the cached token, this is
     * {@link #invalidate(AccessToken) invalidate(cached)}; any other value (an older token's, one
     * that is not this source's, {@code null}) does nothing and costs one string comparison, so
     * many callers answered 401 for one token cause one fetch. Never fetches on the caller's thread.
     *
     * @param authorizationHeader the header value the rejected request carried, e.g. {@code Bearer eyJ...}
     */
    void invalidate(String authorizationHeader);

    /** Stops background work; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();

    /**
     * Builds a {@link TokenSource}.
     *
     * <p>Threads: by default every source shares one timer thread and a small pool of fetch
     * threads with every other source in the process (see {@code docs/lifecycle.md}), so ten
     * thousand sources cost no more threads than one. {@link #scheduler} (the source's timekeeping)
     * and {@link #fetchExecutor} (its blocking fetches) replace them.
     *
     * <p>Time: every fetch ends by its {@linkplain #fetchDeadline deadline}, which covers all its
     * requests, retries and store calls; callers of {@link TokenSource#token()} wait at most
     * {@linkplain #maxWait maxWait}, by default a little longer than the deadline so that they see
     * why a fetch failed.
     */
    final class Builder {
        /** What the deadline adds to {@code maxWait} by default, so that waiters see the fetch's own error. */
        private static final Duration WAIT_MARGIN = Duration.ofSeconds(1);

        final TokenProvider provider;
        ExpiryPolicy expiry = ExpiryPolicy.defaults();
        RetryPolicy retry = RetryPolicy.defaults();
        InstantSource clock = InstantSource.system();
        ScheduledExecutorService scheduler;
        Executor fetchExecutor;
        Duration requestTimeout = Duration.ofSeconds(10);
        Duration fetchDeadline;
        Duration maxWait;
        int maxIdleRefreshes;
        TokenStore store;
        TokenKey key;
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
         * the same clock ({@link TokenProviders#withClock}). Expiry is judged on this clock (wall
         * time); waits and deadlines run on the scheduler, which measures elapsed time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the scheduler that keeps this source's time: refresh points, backoffs between
         * requests, fetch deadlines (default: the timer thread all sources share). Its tasks
         * never block. The source never shuts it down.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets the executor that runs the provider's blocking {@link TokenProvider#fetch()} and the
         * store's calls (default: the fetch pool all sources share). A hung provider holds one of
         * its threads until the fetch deadline, when the thread is interrupted; one that ignores
         * the interrupt keeps it until it returns, and the source starts no other fetch meanwhile
         * ({@link TokenSourceListener#fetchStuck}). The shared pool replaces such a thread; an
         * executor of yours is not resized: size a bounded pool above the number of providers
         * that may hang at once, or use one thread per task (virtual threads on Java 21+:
         * {@code Executors.newVirtualThreadPerTaskExecutor()}). The source never shuts it down.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder fetchExecutor(Executor executor) {
            this.fetchExecutor = Objects.requireNonNull(executor, "fetch executor");
            return this;
        }

        /**
         * Sets how long one token request may take (default 10 s, the transport's
         * {@code request-timeout} default); the default fetch deadline is derived from it.
         * {@link TokenProviders#source} passes the provider's configured value.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets the deadline of one fetch, covering all its requests, retries and waits (default:
         * the retry policy's {@link RetryPolicy#maxTotalTime()} plus the request timeout, 40 s).
         * At the deadline the fetch is abandoned: its thread is interrupted, callers get a
         * {@link ProviderUnavailableException} that names the last error, a late answer is
         * discarded, and the next fetch follows the failure cool-down.
         *
         * @param deadline positive, at least the request timeout
         * @return this builder
         */
        public Builder fetchDeadline(Duration deadline) {
            this.fetchDeadline = positive(deadline, "fetchDeadline");
            return this;
        }

        /**
         * Sets how long {@link TokenSource#token()} waits for a fetch (default: the fetch deadline
         * plus a second, so that a waiter sees why the fetch failed). A shorter wait gives up
         * earlier while the fetch goes on; a longer one than the deadline is rejected, since no
         * fetch lasts that long.
         *
         * @param maxWait positive, at most the fetch deadline
         * @return this builder
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = positive(maxWait, "maxWait");
            return this;
        }

        /**
         * Sets the idle rule: how many refreshes ahead a source makes in a row while nobody reads
         * its token (default 0: a source whose token nobody read since the last fetch does not
         * refresh ahead; the next {@link TokenSource#token()} fetches in the background if the
         * token is still valid, or waits for a fetch if not). Idle tenants then cost no requests.
         *
         * @param refreshes zero or more; {@link Integer#MAX_VALUE} refreshes ahead forever
         * @return this builder
         */
        public Builder maxIdleRefreshes(int refreshes) {
            if (refreshes < 0) {
                throw new IllegalArgumentException("maxIdleRefreshes must not be negative (was " + refreshes + ")");
            }
            this.maxIdleRefreshes = refreshes;
            return this;
        }

        /**
         * Keeps the token in a shared store, so that every source with the same store and
         * {@linkplain #key key} (in this process, or in a fleet with a shared store such as Redis)
         * shares one token and one fetch. Default: a store of the source's own.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the token's key in the {@linkplain #store store}:
         * {@link TokenKey#of(String, ProviderConfig)} makes the key of a provider's configuration,
         * and {@link TokenProviders#sourceBuilder} sets it for you. Required with a store.
         *
         * @param key the key
         * @return this builder
         */
        public Builder key(TokenKey key) {
            this.key = Objects.requireNonNull(key, "key");
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
         * @throws IllegalArgumentException when the deadline and the waits contradict each other
         */
        public TokenSource build() {
            Duration deadline = fetchDeadline != null ? fetchDeadline : retry.maxTotalTime().plus(requestTimeout);
            if (deadline.compareTo(requestTimeout) < 0) {
                throw new IllegalArgumentException("fetchDeadline (" + deadline.toMillis() + " ms) is shorter than one"
                        + " request's timeout (" + requestTimeout.toMillis() + " ms): a slow request would always be"
                        + " abandoned; raise fetchDeadline or lower the request timeout");
            }
            if (maxWait != null && maxWait.compareTo(deadline) > 0) {
                throw new IllegalArgumentException("maxWait (" + maxWait.toMillis() + " ms) is longer than the fetch"
                        + " deadline (" + deadline.toMillis() + " ms): no fetch lasts that long; lower maxWait or"
                        + " raise fetchDeadline");
            }
            ScheduledExecutorService t = scheduler != null ? scheduler : SharedThreads.timer();
            Executor w = fetchExecutor != null ? fetchExecutor : SharedThreads.fetchPool();
            TokenStore s = store;
            TokenKey k = key;
            if (s == null) {
                s = TokenStore.inMemory(clock);
                k = k != null ? k : TokenKey.of(provider.id(), "local", Secret.of(""));
            } else if (k == null) {
                throw new IllegalArgumentException("a token store needs the token's key: set key(TokenKey.of(id, config)),"
                        + " or start from TokenProviders.sourceBuilder(id, config), which sets it");
            }
            return new DefaultTokenSource(this, t, w, s, k, deadline,
                    maxWait != null ? maxWait : deadline.plus(WAIT_MARGIN));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive (was " + d + ")");
            }
            return d;
        }
    }
}
