package dev.tokenkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The {@link TokenSource} implementation.
 *
 * <p>The hot path is one volatile read and one clock read: {@link #current} holds the cached
 * token with its effective expiry in epoch milliseconds. Everything else (starting a fetch,
 * scheduling, recording failures) happens under {@link #lock}, off the hot path. A fetch always
 * runs on the executor; callers without a valid token wait on the single in-flight future.
 */
final class DefaultTokenSource implements TokenSource {
    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());

    private final TokenProvider provider;
    private final String id;
    private final ExpiryPolicy expiry;
    private final RetryPolicy retry;
    private final InstantSource clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final Duration maxWait;
    private final List<TokenSourceListener> listeners;

    /** The cached token; {@code null} when there is none (cold, invalidated or closed). */
    private volatile Cached current;
    /** When the next background fetch is due (epoch ms); read on the hot path as a fallback trigger. */
    private volatile long nextRefreshAt = Long.MAX_VALUE;

    private final Object lock = new Object();
    // guarded by lock
    private CompletableFuture<AccessToken> inFlight;
    private ScheduledFuture<?> scheduled;
    private long generation;
    private TokenSourceListener.Reason scheduledReason = TokenSourceListener.Reason.REFRESH_AHEAD;
    private Throwable failure;
    private long failureUntil;
    private int consecutiveFailures;
    /** Written under {@link #lock}; volatile so that a queued fetch or retry can see it without the lock. */
    private volatile boolean closed;

    DefaultTokenSource(TokenSource.Builder b) {
        this.provider = b.provider;
        this.id = b.provider.id();
        this.expiry = b.expiry;
        this.retry = b.retry;
        this.clock = b.clock;
        this.maxWait = b.maxWait;
        this.listeners = List.copyOf(b.listeners);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tokenkit-" + id + "-refresh");
                t.setDaemon(true);
                return t;
            });
            own.setRemoveOnCancelPolicy(true);
            this.executor = own;
            this.ownsExecutor = true;
        }
    }

    @Override
    public String providerId() {
        return id;
    }

    @Override
    public AccessToken token() {
        Cached c = current;
        if (c != null) {
            long now = clock.millis();
            if (now < c.effectiveExpiresAt) {
                if (now >= nextRefreshAt) {
                    refreshFromAccess();
                }
                return c.token;
            }
        }
        return await(acquire());
    }

    @Override
    public CompletableFuture<AccessToken> tokenAsync() {
        Cached c = current;
        if (c != null) {
            long now = clock.millis();
            if (now < c.effectiveExpiresAt) {
                if (now >= nextRefreshAt) {
                    refreshFromAccess();
                }
                return CompletableFuture.completedFuture(c.token);
            }
        }
        return acquire().copy();
    }

    @Override
    public void invalidate(AccessToken token) {
        Cached c = current;
        if (c == null || !c.token.sameValueAs(token)) {
            return;
        }
        synchronized (lock) {
            if (closed || current != c) {
                return;
            }
            current = null;
            if (inFlight == null) {
                startFetch(TokenSourceListener.Reason.INVALIDATED);
            }
        }
        fire(l -> l.tokenInvalidated(c.token));
    }

    @Override
    public void close() {
        CompletableFuture<AccessToken> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
            nextRefreshAt = Long.MAX_VALUE;
            generation++;
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
            pending = inFlight;
            inFlight = null;
        }
        if (pending != null) {
            pending.completeExceptionally(closedError());
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        Cached c = current;
        return "TokenSource[" + id + ", " + (c == null ? "no token" : c.token) + "]";
    }

    private AccessToken await(CompletableFuture<AccessToken> f) {
        try {
            return f.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException(id, "no token within " + maxWait.toMillis() + " ms (maxWait);"
                    + " the token request is still in progress and later calls will share it", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(id, "interrupted while waiting for a token", e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        Throwable e = RetryPolicy.unwrap(t);
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException("unexpected checked exception from a token provider", e);
    }

    private CompletableFuture<AccessToken> acquire() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            long now = clock.millis();
            Cached c = current;
            if (c != null && now < c.effectiveExpiresAt) {
                return CompletableFuture.completedFuture(c.token);
            }
            if (inFlight != null) {
                return inFlight;
            }
            if (failure != null && now < failureUntil) {
                return CompletableFuture.failedFuture(failure);
            }
            return startFetch(TokenSourceListener.Reason.NO_TOKEN);
        }
    }

    private void refreshFromAccess() {
        synchronized (lock) {
            if (!closed && inFlight == null && clock.millis() >= nextRefreshAt) {
                startFetch(scheduledReason);
            }
        }
    }

    private void scheduledRefresh(long gen, TokenSourceListener.Reason reason) {
        synchronized (lock) {
            if (closed || gen != generation || inFlight != null) {
                return;
            }
            startFetch(reason);
        }
    }

    /** Starts the single in-flight fetch. Holds {@link #lock}. */
    private CompletableFuture<AccessToken> startFetch(TokenSourceListener.Reason reason) {
        CompletableFuture<AccessToken> f = new CompletableFuture<>();
        inFlight = f;
        nextRefreshAt = Long.MAX_VALUE;
        generation++;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            executor.execute(() -> runFetch(f, reason, attempts));
        } catch (RejectedExecutionException e) {
            inFlight = null;
            f.completeExceptionally(new IllegalStateException("token source for provider '" + id
                    + "' cannot run its fetch: the executor rejected it (was it shut down?)", e));
        }
        return f;
    }

    private void runFetch(CompletableFuture<AccessToken> f, TokenSourceListener.Reason reason, AtomicInteger attempts) {
        fire(l -> l.refreshStarted(reason));
        CompletableFuture<AccessToken> result;
        try {
            result = retry.execute(this::fetchOnce, executor, clock, this::retrying, attempts);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((token, error) -> complete(f, token, error, attempts.get()));
    }

    private CompletableFuture<AccessToken> fetchOnce() {
        if (closed) {
            // a fetch queued before close(), or a retry whose backoff ends after it: no request
            return CompletableFuture.failedFuture(closedError());
        }
        try {
            AccessToken token = provider.fetch();
            if (token == null) {
                return CompletableFuture.failedFuture(new MalformedResponseException(id, null, "the provider's fetch()"
                        + " returned null; a TokenProvider must return a token or throw a TokenException", null));
            }
            return CompletableFuture.completedFuture(token);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void retrying(Throwable error, int failedAttempt, Duration wait) {
        if (error instanceof TokenException te) {
            fire(l -> l.retryScheduled(te, failedAttempt, wait));
        }
    }

    private void complete(CompletableFuture<AccessToken> f, AccessToken token, Throwable error, int attempts) {
        Throwable e = error == null ? null : RetryPolicy.unwrap(error);
        AccessToken handed = null;
        Instant now = clock.instant();
        ExpiryPolicy.Schedule s = null;
        if (e == null) {
            try {
                s = expiry.schedule(token, now);
            } catch (RuntimeException x) {
                // never let the completion fail silently: the in-flight future would never complete
                e = new MalformedResponseException(id, null, "cannot compute the schedule of the issued token ("
                        + x.getClass().getSimpleName() + ")", null);
            }
        }
        if (e == null) {
            if (!now.isBefore(s.effectiveExpiresAt())) {
                e = new MalformedResponseException(id, null, "the token endpoint issued a token that expires within"
                        + " the clock-skew margin (expires " + s.expiresAt() + ", now " + now + ")", null);
            } else {
                handed = s.expiresAt().equals(token.expiresAt().orElse(null)) ? token : token.withExpiresAt(s.expiresAt());
                synchronized (lock) {
                    if (closed) {
                        f.completeExceptionally(closedError());
                        return;
                    }
                    current = new Cached(handed, s.effectiveExpiresAt().toEpochMilli());
                    inFlight = null;
                    failure = null;
                    consecutiveFailures = 0;
                    schedule(s.refreshAt().toEpochMilli(), TokenSourceListener.Reason.REFRESH_AHEAD);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0}: new token {1}, expires {2}, refresh due {3}",
                        id, handed.fingerprint(), s.expiresAt(), s.refreshAt());
                f.complete(handed);
                AccessToken done = handed;
                fire(l -> l.refreshSucceeded(done, attempts));
                return;
            }
        }
        TokenException te = e instanceof TokenException t ? t : null;
        if (te != null) {
            te.attempts(attempts);
        }
        boolean stale;
        Duration wait;
        synchronized (lock) {
            inFlight = null;
            if (closed) {
                f.completeExceptionally(closedError());
                return;
            }
            consecutiveFailures++;
            Duration cooldown = retry.cooldown(consecutiveFailures,
                    te == null ? Optional.empty() : te.retryAfter());
            long nowMs = now.toEpochMilli();
            Cached c = current;
            stale = c != null && nowMs < c.effectiveExpiresAt;
            long waitMs = cooldown.toMillis();
            if (stale) {
                long remaining = c.effectiveExpiresAt - nowMs;
                waitMs = Math.min(waitMs, Math.max(remaining / 2, 1000));
                schedule(nowMs + waitMs, TokenSourceListener.Reason.RETRY_AFTER_FAILURE);
            }
            failure = e;
            failureUntil = nowMs + waitMs;
            wait = Duration.ofMillis(waitMs);
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: token fetch failed after {1} attempt(s){2}; next attempt in {3} ms: {4}",
                id, attempts, stale ? " (still serving the cached token)" : "", wait.toMillis(), e.getMessage());
        f.completeExceptionally(e);
        if (te != null) {
            fire(l -> l.refreshFailed(te, stale, wait));
        }
    }

    /** Schedules the next background fetch. Holds {@link #lock}. */
    private void schedule(long atMillis, TokenSourceListener.Reason reason) {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        long gen = ++generation;
        scheduledReason = reason;
        nextRefreshAt = atMillis;
        long delay = Math.max(0, atMillis - clock.millis());
        try {
            scheduled = executor.schedule(() -> scheduledRefresh(gen, reason), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = null; // the hot path's fallback trigger still starts the refresh when due
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("token source for provider '" + id + "' is closed; create a new one");
    }

    private void fire(Consumer<TokenSourceListener> event) {
        for (TokenSourceListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a TokenSourceListener threw; ignored", e);
            }
        }
    }

    private static final class Cached {
        final AccessToken token;
        final long effectiveExpiresAt;

        Cached(AccessToken token, long effectiveExpiresAt) {
            this.token = token;
            this.effectiveExpiresAt = effectiveExpiresAt;
        }
    }
}
