package dev.tokenkit;

import dev.tokenkit.internal.TokenSchedule;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenSourceListener.Reason;
import dev.tokenkit.spi.TokenStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@link TokenSource} implementation: the state of one source and its rules (refresh ahead,
 * single flight, stale on error, cool-down, re-issue guard, idle rule). {@link FetchRun} does
 * the fetching.
 *
 * <p>The hot path is one volatile read and one clock read: {@link #current} holds the cached
 * token with its effective expiry and its refresh point in epoch milliseconds (wall time), plus
 * a "read" mark; rescheduling publishes a new {@link Cached}.
 * Everything else happens under {@link #lock}, off the hot path; listeners and fetch starts run
 * outside it. Timers run on the (monotonic) scheduler.
 *
 * <p>A fetch replaces the token it follows, whatever their expiries say: the source's field is
 * set from each run's outcome, and the run publishes with the source's token as the one it
 * replaces ({@link TokenStore#publish(TokenKey, AccessToken, AccessToken)}). A source holds at
 * most one fetch thread: each run starts once the previous one has let go of its worker, and
 * while a worker abandoned at a deadline is reported stuck no fetch starts at all.
 */
final class DefaultTokenSource implements TokenSource {
    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());

    private final String id;
    private final ExpiryPolicy expiry;
    private final RetryPolicy retry;
    private final InstantSource clock;
    private final ScheduledExecutorService timer;
    private final Duration maxWait;
    private final Duration deadline;
    private final int maxIdleRefreshes;
    private final List<TokenSourceListener> listeners;
    private final FetchRun.Setup setup;

    /** The cached token; {@code null} when there is none (cold, invalidated or closed). */
    private volatile Cached current;

    private final Object lock = new Object();
    // guarded by lock
    private FetchRun running;
    /** The latest run; the next one starts once it has let go of its worker. */
    private FetchRun last;
    /** A run whose worker is stuck past its deadline, and that thread's name; no fetch starts meanwhile. */
    private FetchRun stuck;
    private String stuckThread;
    /** A refresh that was due while a fetch was stuck; it runs when that fetch returns. */
    private Reason deferred;
    private CompletableFuture<AccessToken> inFlight;
    private ScheduledFuture<?> scheduled;
    private long generation;
    private Reason scheduledReason = Reason.REFRESH_AHEAD;
    private TokenException failure;
    private long failureUntil;
    private int consecutiveFailures;
    private AccessToken rejected;
    private long rejectedGuardUntil;
    private int idleRefreshes;
    /** Written under {@link #lock}; volatile so that the hot path's slow branch sees it. */
    private volatile boolean closed;

    DefaultTokenSource(TokenSource.Builder b, ScheduledExecutorService timer, Executor workers, TokenStore store,
                       TokenKey key, Duration deadline, Duration maxWait) {
        this.id = b.provider.id();
        this.expiry = b.expiry;
        this.retry = b.retry;
        this.clock = b.clock;
        this.timer = timer;
        this.deadline = deadline;
        this.maxWait = maxWait;
        this.maxIdleRefreshes = b.maxIdleRefreshes;
        this.listeners = List.copyOf(b.listeners);
        this.setup = new FetchRun.Setup(b.provider, id, retry, expiry, clock, timer, workers, deadline,
                store, key, new RunEvents());
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
                c.markRead();
                if (now >= c.refreshAt) {
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
                c.markRead();
                if (now >= c.refreshAt) {
                    refreshFromAccess();
                }
                return CompletableFuture.completedFuture(c.token);
            }
        }
        return acquire().handle((token, error) -> {
            if (error != null) {
                throw forCaller(error);
            }
            return token;
        });
    }

    @Override
    public void invalidate(AccessToken token) {
        Cached seen = current;
        if (seen == null || !seen.token.sameValueAs(token)) {
            return;
        }
        FetchRun launch = null;
        AccessToken invalidated;
        synchronized (lock) {
            Cached c = current; // may be a rescheduled copy of what we saw: the same token counts
            if (closed || c == null || !c.token.sameValueAs(token)) {
                return;
            }
            if (rejected != null && rejected.sameValueAs(token) && clock.millis() < rejectedGuardUntil) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: invalidation of re-issued token {1} ignored until the"
                        + " cool-down ends", id, token.fingerprint());
                return;
            }
            current = null;
            rejected = c.token;
            invalidated = c.token;
            if (running == null && stuck == null) {
                launch = prepare(Reason.INVALIDATED);
            }
        }
        fire(l -> l.tokenInvalidated(id, invalidated));
        launch(launch, Reason.INVALIDATED);
    }

    @Override
    public void invalidate(String authorizationHeader) {
        Cached c = current;
        if (c != null && c.token.authorizationHeader().equals(authorizationHeader)) {
            invalidate(c.token);
        }
    }

    @Override
    public void close() {
        FetchRun run;
        CompletableFuture<AccessToken> waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
            generation++;
            cancelScheduled();
            run = running;
            waiting = inFlight;
            running = null;
            inFlight = null;
        }
        if (run != null) {
            run.cancel(closedError());
        }
        if (waiting != null) {
            waiting.completeExceptionally(closedError());
        }
    }

    @Override
    public String toString() {
        Cached c = current;
        return "TokenSource[" + id + ", " + (c == null ? "no token" : c.token) + "]";
    }

    // --- callers ---

    private AccessToken await(CompletableFuture<AccessToken> f) {
        try {
            return f.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw forCaller(e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException(id, "no token within " + maxWait.toMillis() + " ms (maxWait); the"
                    + " fetch goes on until its deadline of " + deadline.toMillis() + " ms and later calls share it", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(id, "interrupted while waiting for a token", e);
        }
    }

    /** An exception of the caller's own, thrown from the caller's stack, with the shared failure as cause. */
    private RuntimeException forCaller(Throwable shared) {
        Throwable e = RetryPolicy.unwrap(shared);
        if (e instanceof TokenException te) {
            return te.relay(te.attempts());
        }
        if (e instanceof IllegalStateException) {
            return new IllegalStateException(e.getMessage(), e);
        }
        return new ProviderUnavailableException(id, "the token fetch failed with " + e.getClass().getName(), e);
    }

    private CompletableFuture<AccessToken> acquire() {
        FetchRun launch;
        CompletableFuture<AccessToken> f;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            long now = clock.millis();
            Cached c = current;
            if (c != null && now < c.effectiveExpiresAt) {
                c.markRead();
                return CompletableFuture.completedFuture(c.token);
            }
            if (inFlight != null) {
                return inFlight;
            }
            if (stuck != null) {
                return CompletableFuture.failedFuture(stuckError(stuckThread));
            }
            if (failure != null && now < failureUntil) {
                return CompletableFuture.failedFuture(failure);
            }
            launch = prepare(Reason.NO_TOKEN);
            f = inFlight;
        }
        launch(launch, Reason.NO_TOKEN);
        return f;
    }

    // --- starting fetches ---

    private void refreshFromAccess() {
        FetchRun launch = null;
        Reason reason;
        synchronized (lock) {
            reason = scheduledReason;
            Cached c = current;
            if (!closed && running == null && c != null && clock.millis() >= c.refreshAt) {
                idleRefreshes = 0;
                launch = stuck == null ? prepare(reason) : defer(reason);
            }
        }
        launch(launch, reason);
    }

    private void scheduledRefresh(long gen, Reason reason) {
        FetchRun launch = null;
        try {
            synchronized (lock) {
                if (closed || gen != generation || running != null) {
                    return;
                }
                Cached c = current;
                if (c != null && !c.wasRead()) {
                    if (idleRefreshes >= maxIdleRefreshes) {
                        // idle: no refresh ahead; the next token() finds the refresh due and starts it
                        LOG.log(System.Logger.Level.DEBUG, "{0}: not read since the last fetch; no refresh ahead", id);
                        return;
                    }
                    idleRefreshes++;
                } else {
                    idleRefreshes = 0;
                }
                launch = stuck == null ? prepare(reason) : defer(reason);
            }
            launch(launch, reason);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, id + ": the scheduled refresh failed to start", t);
        }
    }

    /** Sets up the single in-flight fetch. Holds {@link #lock}; {@link #launch} starts it outside. */
    private FetchRun prepare(Reason reason) {
        Cached c = current;
        FetchRun run = new FetchRun(setup, c == null ? null : c.token, rejected, reason == Reason.INVALIDATED,
                last == null ? CompletableFuture.completedFuture(null) : last.released());
        last = run;
        CompletableFuture<AccessToken> f = new CompletableFuture<>();
        Instant started = clock.instant();
        running = run;
        inFlight = f;
        if (c != null) {
            current = c.withRefreshAt(Long.MAX_VALUE);
        }
        generation++;
        cancelScheduled();
        run.outcome().whenComplete((outcome, error) -> complete(run, f, reason, started,
                outcome != null ? outcome : new FetchRun.Outcome(null, error, 0, false)));
        return run;
    }

    /**
     * A refresh is due while a fetch is stuck: none starts; it runs when the stuck fetch returns.
     * The hot path stops trying meanwhile. Holds {@link #lock}; returns no run.
     */
    private FetchRun defer(Reason reason) {
        deferred = reason;
        Cached c = current;
        if (c != null) {
            current = c.withRefreshAt(Long.MAX_VALUE);
        }
        return null;
    }

    private ProviderUnavailableException stuckError(String thread) {
        return new ProviderUnavailableException(id, "no new token fetch starts: the previous fetch is still running on"
                + " thread " + thread + " past its fetch deadline, because the provider's fetch() does not return when"
                + " its thread is interrupted; a fetch starts again once it returns. Fix the provider: let an"
                + " InterruptedException end fetch(), and bound every blocking call in it", null);
    }

    private void launch(FetchRun run, Reason reason) {
        if (run != null) {
            fire(l -> l.refreshStarted(id, reason));
            run.start();
        }
    }

    // --- finishing fetches ---

    private void complete(FetchRun run, CompletableFuture<AccessToken> f, Reason reason, Instant started,
                          FetchRun.Outcome o) {
        try {
            completeRun(run, f, reason, started, o);
        } catch (Throwable t) {
            // never leave callers waiting: whatever went wrong here fails this fetch
            LOG.log(System.Logger.Level.ERROR, id + ": completing a fetch failed", t);
            synchronized (lock) {
                if (running == run) {
                    running = null;
                    inFlight = null;
                }
            }
            f.completeExceptionally(new ProviderUnavailableException(id, "completing the token fetch failed with "
                    + t.getClass().getName(), t));
        }
    }

    private void completeRun(FetchRun run, CompletableFuture<AccessToken> f, Reason reason, Instant started,
                             FetchRun.Outcome o) {
        Instant now = clock.instant();
        TokenSourceListener.Fetch fetch = new TokenSourceListener.Fetch(id, reason, o.attempts(),
                started.isAfter(now) ? Duration.ZERO : Duration.between(started, now));
        if (o.token() != null) {
            succeeded(run, f, fetch, o, now);
        } else {
            failed(run, f, fetch, o, now);
        }
    }

    /**
     * A fetch produced a token: cache it, schedule its refresh ahead, and hand it to the callers;
     * a token the endpoint re-issued right after it was invalidated counts as a failure for the
     * cool-down and is guarded against further invalidations meanwhile.
     */
    private void succeeded(FetchRun run, CompletableFuture<AccessToken> f, TokenSourceListener.Fetch fetch,
                           FetchRun.Outcome o, Instant now) {
        AccessToken token = o.token();
        TokenSchedule s = Schedules.of(expiry, token, now);
        TokenException reissue = null;
        Duration cooldown = Duration.ZERO;
        synchronized (lock) {
            if (running != run) {
                return; // closed meanwhile: close() failed the waiters
            }
            running = null;
            inFlight = null;
            current = new Cached(token, s.effectiveExpiresAt().toEpochMilli(), Long.MAX_VALUE,
                    fetch.reason() == Reason.NO_TOKEN || fetch.reason() == Reason.INVALIDATED);
            failure = null;
            if (rejected != null && token.sameValueAs(rejected)) {
                consecutiveFailures++;
                cooldown = retry.cooldown(consecutiveFailures, Optional.empty());
                rejectedGuardUntil = now.toEpochMilli() + cooldown.toMillis();
                reissue = new TokenReissuedException(id, "the token endpoint re-issued the token that was just"
                        + " invalidated; it is served again, and invalidations of it are ignored for "
                        + cooldown.toMillis() + " ms");
            } else {
                consecutiveFailures = 0;
                rejected = null;
            }
            if (s.refreshesAhead()) {
                schedule(s.refreshAt().toEpochMilli(), Reason.REFRESH_AHEAD);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: token {1}{2}, expires {3}, refresh due {4}", id,
                token.fingerprint(), o.adopted() ? " adopted from the store" : "", s.expiresAt(),
                s.refreshesAhead() ? s.refreshAt() : "none (shorter than the minimum refresh interval)");
        f.complete(token);
        if (reissue == null) {
            fire(l -> l.refreshSucceeded(fetch, token));
            return;
        }
        TokenException r = reissue;
        Duration w = cooldown;
        LOG.log(System.Logger.Level.WARNING, "{0}", r.getMessage());
        fire(l -> l.refreshFailed(fetch, r, true, w));
    }

    /**
     * A fetch failed: callers of this fetch get the error; a token still valid is served on (stale
     * on error) with a retry before it expires; no new fetch starts before the cool-down ends.
     */
    private void failed(FetchRun run, CompletableFuture<AccessToken> f, TokenSourceListener.Fetch fetch,
                        FetchRun.Outcome o, Instant now) {
        long nowMs = now.toEpochMilli();
        TokenException error = shared(o.error(), o.attempts());
        boolean stale;
        long waitMs;
        synchronized (lock) {
            if (running != run) {
                return; // closed meanwhile: close() failed the waiters
            }
            running = null;
            inFlight = null;
            consecutiveFailures++;
            waitMs = retry.cooldown(consecutiveFailures, error.retryAfter()).toMillis();
            Cached c = current;
            stale = c != null && nowMs < c.effectiveExpiresAt;
            if (stale) {
                waitMs = Math.min(waitMs, Math.max((c.effectiveExpiresAt - nowMs) / 2, 1000));
                schedule(nowMs + waitMs, Reason.RETRY_AFTER_FAILURE);
            }
            failure = error;
            failureUntil = nowMs + waitMs;
        }
        boolean servingStale = stale;
        Duration wait = Duration.ofMillis(waitMs);
        LOG.log(System.Logger.Level.WARNING, "{0}: token fetch failed after {1} request(s){2}; next attempt in {3} ms: {4}",
                id, o.attempts(), stale ? " (still serving the cached token)" : "", waitMs, error.getMessage());
        f.completeExceptionally(error);
        fire(l -> l.refreshFailed(fetch, error, servingStale, wait));
    }

    /** The failure every caller of this fetch shares (each gets its own copy): always a TokenException. */
    private TokenException shared(Throwable error, int attempts) {
        Throwable e = RetryPolicy.unwrap(error);
        if (e instanceof TokenException te) {
            return te.relay(attempts);
        }
        if (e instanceof VirtualMachineError) {
            LOG.log(System.Logger.Level.ERROR, id + ": the token fetch failed with a virtual machine error", e);
        }
        return new ProviderUnavailableException(id, "the provider's fetch() failed unexpectedly with "
                + e.getClass().getName() + " (a bug in the provider or its set-up: see the cause)", e).relay(attempts);
    }

    /** Schedules the next background fetch. Holds {@link #lock}. */
    private void schedule(long atMillis, Reason reason) {
        cancelScheduled();
        long gen = ++generation;
        scheduledReason = reason;
        Cached c = current;
        if (c != null) {
            current = c.withRefreshAt(atMillis);
        }
        long delay = Math.max(0, atMillis - clock.millis());
        try {
            scheduled = timer.schedule(() -> scheduledRefresh(gen, reason), delay, TimeUnit.MILLISECONDS);
        } catch (Throwable e) {
            scheduled = null; // the hot path's fallback trigger still starts the refresh when due
        }
    }

    private void cancelScheduled() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("token source for provider '" + id + "' is closed; create a new one");
    }

    private void fire(Consumer<TokenSourceListener> event) {
        for (TokenSourceListener l : listeners) {
            try {
                event.accept(l);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, id + ": a TokenSourceListener threw; ignored", e);
            }
        }
    }

    /** What the fetch runs of this source report. */
    private final class RunEvents implements FetchRun.Events {
        @Override
        public void retrying(TokenException error, int failedAttempt, Duration wait) {
            fire(l -> l.retryScheduled(id, error, failedAttempt, wait));
        }

        @Override
        public void storeFailed(String operation, Throwable error) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the token store failed to {1} ({2}); this fetch goes on"
                    + " without it", id, operation, error.getClass().getName());
            fire(l -> l.storeFailed(id, error));
        }

        @Override
        public void stuck(FetchRun run, String threadName) {
            FetchRun waiting = null;
            synchronized (lock) {
                if (!closed) {
                    stuck = run;
                    stuckThread = threadName;
                    if (running != null && running != run && !running.begun()) {
                        waiting = running; // queued behind the stuck worker: it would only reach its deadline
                    }
                }
            }
            LOG.log(System.Logger.Level.WARNING, "{0}: a token fetch abandoned at its deadline still runs on thread {1}:"
                    + " the provider''s fetch() does not return when its thread is interrupted. No other fetch of this"
                    + " source starts until it returns (its callers get an error saying so); other sources'' fetches"
                    + " run on a replacement thread. Fix the provider: let an InterruptedException end fetch(), and"
                    + " bound every blocking call in it", id, threadName);
            if (waiting != null) {
                waiting.cancel(stuckError(threadName));
            }
            fire(l -> l.fetchStuck(id, threadName));
        }

        @Override
        public void stuckReturned(FetchRun run, String threadName) {
            synchronized (lock) {
                if (stuck == run) {
                    stuck = null;
                    stuckThread = null;
                    if (deferred != null && !closed && current != null && running == null) {
                        schedule(clock.millis(), deferred);
                    }
                    deferred = null;
                }
            }
            LOG.log(System.Logger.Level.INFO, "{0}: the stuck token fetch on thread {1} returned at last; its result"
                    + " was discarded, and fetches start again", id, threadName);
            fire(l -> l.stuckFetchReturned(id, threadName));
        }
    }

    /** A cached token, its effective expiry and refresh point, and whether a caller has had it. */
    private static final class Cached {
        private static final VarHandle READ;

        static {
            try {
                READ = MethodHandles.lookup().findVarHandle(Cached.class, "read", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final AccessToken token;
        final long effectiveExpiresAt;
        /** When the background refresh is due (epoch ms); the hot path starts it if the timer has not. */
        final long refreshAt;
        /** Set by the hot path with an opaque write, at most once; read by the idle rule. */
        @SuppressWarnings("unused")
        private boolean read;

        Cached(AccessToken token, long effectiveExpiresAt, long refreshAt, boolean read) {
            this.token = token;
            this.effectiveExpiresAt = effectiveExpiresAt;
            this.refreshAt = refreshAt;
            this.read = read;
        }

        /** The same token with another refresh point (a read mark racing with this may be lost: harmless). */
        Cached withRefreshAt(long at) {
            return new Cached(token, effectiveExpiresAt, at, wasRead());
        }

        void markRead() {
            if (!read) {
                READ.setOpaque(this, true);
            }
        }

        boolean wasRead() {
            return (boolean) READ.getOpaque(this);
        }
    }
}
