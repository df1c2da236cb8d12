package dev.tokenkit;

import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.internal.FetchPool;
import dev.tokenkit.internal.SharedThreads;
import dev.tokenkit.internal.TokenOrder;
import dev.tokenkit.spi.TokenStore;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fetch of a token source, from start to a token or an error, under one deadline: it reads
 * the store (a newer token there is adopted without a request), takes the store's lease (or waits
 * for its holder to publish), makes the token requests with retry, and publishes the token.
 *
 * <p>It completes {@link #outcome()} exactly once, whatever happens: every step catches
 * {@link Throwable}, and the deadline, kept by the timer, ends the run even when a provider or
 * the store never returns. Blocking steps run on the worker executor, one step at a time; waits
 * (backoff, polling the store) are timer tasks that hold no worker. At the deadline the worker
 * still running a step is interrupted, and whatever it returns later is discarded; a worker of
 * the shared {@link FetchPool} is detached (the pool replaces it) until it returns, and one still
 * running {@value #STUCK_AFTER_MS} ms after the deadline (in real time, on the shared timer, even
 * for a source on a scheduler of its own) is reported stuck. A run starts its
 * first step only once its source's previous run has let go of its worker ({@link #released()}),
 * so a source never holds two fetch threads.
 */
final class FetchRun {

    /** What a run produced: a token or an error, the requests it took, and whether it was adopted. */
    record Outcome(AccessToken token, Throwable error, int attempts, boolean adopted) {
    }

    /** What every run of one source shares. */
    record Setup(TokenProvider provider, String providerId, RetryPolicy retry, ExpiryPolicy expiry,
                 InstantSource clock, ScheduledExecutorService timer, Executor workers, Duration deadline,
                 TokenStore store, TokenKey key, Events events) {
    }

    /** What a run tells its source while it runs. */
    interface Events {
        /** A request failed and the next one follows after {@code wait}. */
        void retrying(TokenException error, int failedAttempt, Duration wait);

        /** The store failed; the run carries on without it. */
        void storeFailed(String operation, Throwable error);

        /** The run's worker still runs {@value #STUCK_AFTER_MS} ms after the deadline. */
        void stuck(FetchRun run, String threadName);

        /** A worker reported {@link #stuck} has returned. */
        void stuckReturned(FetchRun run, String threadName);
    }

    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());
    private static final long FIRST_POLL_MS = 25;
    private static final long MAX_POLL_MS = 1_000;
    /** The longest lease a holder takes, whatever its deadline: no holder blocks the others longer. */
    static final Duration MAX_LEASE = Duration.ofSeconds(20);
    /** How long after the deadline a worker that has not returned is reported stuck. */
    static final long STUCK_AFTER_MS = 1_000;

    private final Setup setup;
    private final AccessToken known;
    private final AccessToken rejected;
    /** What the run's token replaces in the store: the source's token, else the one it invalidated. */
    private final AccessToken replacing;
    /** Completes when the source's previous run has let go of its worker. */
    private final CompletableFuture<?> after;
    /** The end of the deadline that a run waiting for another holder keeps for a fetch of its own (ms). */
    private final long ownReserveMs;
    /** Whether {@link #rejected} is still to be removed from the store; only the run's steps, one at a time, touch it. */
    private boolean invalidate;
    private final RetryPolicy.Backoff backoff;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();

    private final Object lock = new Object();
    // guarded by lock
    private Thread worker;
    private boolean begun;
    /** Undoes the detachment of an abandoned worker from the shared pool; {@code null} if none. */
    private Runnable reattach;
    private boolean reportedStuck;
    private ScheduledFuture<?> deadlineTask;
    private ScheduledFuture<?> waitTask;
    private TokenStore.Lease lease;
    private int attempts;
    private int polls;
    private Throwable lastError;
    private boolean storeDown;

    /**
     * @param setup      the source's shared setup
     * @param known      the source's current token, or {@code null}: only a token in the store
     *                   that expires later is adopted
     * @param rejected   an invalidated token, or {@code null}: never adopted from the store
     * @param invalidate whether to remove {@code rejected} from the store first
     * @param after      completes when the source's previous run has let go of its worker
     */
    FetchRun(Setup setup, AccessToken known, AccessToken rejected, boolean invalidate, CompletableFuture<?> after) {
        this.setup = setup;
        this.known = known;
        this.rejected = rejected;
        this.replacing = known != null ? known : rejected;
        this.invalidate = invalidate && rejected != null;
        this.after = after;
        this.backoff = setup.retry().newBackoff(setup.clock());
        this.ownReserveMs = ownReserve(setup.deadline());
    }

    /** Completes once, normally, with the run's outcome. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /**
     * Completes once the run has finished, none of its steps runs any more, and the same holds
     * for the runs before it (a run that never started still waits for its predecessor).
     */
    CompletableFuture<Void> released() {
        return released;
    }

    private void release() {
        after.whenComplete((ignored, error) -> released.complete(null));
    }

    /** Whether a step of the run has started on a worker. */
    boolean begun() {
        synchronized (lock) {
            return begun;
        }
    }

    /** Arms the deadline and starts the first step. Never throws. */
    void start() {
        try {
            ScheduledFuture<?> d = setup.timer().schedule(this::expire, setup.deadline().toMillis(), TimeUnit.MILLISECONDS);
            synchronized (lock) {
                deadlineTask = d;
            }
            if (finished.get()) {
                d.cancel(false);
                return;
            }
        } catch (Throwable t) {
            fail(new ProviderUnavailableException(setup.providerId(), "cannot arm the fetch deadline: the scheduler"
                    + " rejected it (" + t.getClass().getSimpleName() + "); was it shut down?", t));
            return;
        }
        after.whenComplete((ignored, error) -> submit(this::begin));
    }

    /** Ends the run at once with {@code reason} (the source closed), interrupting its worker. */
    void cancel(Throwable reason) {
        if (fail(reason)) {
            abandonWorker();
        }
    }

    // --- steps, each on a worker ---

    private void begin() {
        if (!storeDown()) {
            try {
                TokenStore store = setup.store();
                if (invalidate) {
                    invalidate = false; // once: a later pass must not delete a token someone published since
                    store.invalidate(setup.key(), rejected);
                }
                Optional<AccessToken> stored = store.read(setup.key());
                if (stored.isPresent() && adoptable(stored.get())) {
                    finish(new Outcome(stored.get(), null, attempts(), true));
                    return;
                }
                Optional<TokenStore.Lease> taken = store.tryLease(setup.key(), leaseTtl(setup.deadline()));
                if (taken.isEmpty()) {
                    long waitable = waitableMs();
                    if (waitable > 0) {
                        waitForHolder(waitable);
                        return;
                    }
                    LOG.log(System.Logger.Level.INFO, "{0}: another holder of the store''s lease has not published"
                            + " a token, and this fetch keeps the rest of its deadline ({1} ms) for a fetch of its own;"
                            + " fetching without the lease", setup.providerId(), ownReserveMs);
                } else {
                    synchronized (lock) {
                        lease = taken.get();
                    }
                    if (finished.get()) {
                        releaseLease();
                        return;
                    }
                    // Another holder may have published and released between our read and our lease
                    // (replicas starting together): read again before making a request.
                    Optional<AccessToken> published = store.read(setup.key());
                    if (published.isPresent() && adoptable(published.get())) {
                        finish(new Outcome(published.get(), null, attempts(), true));
                        return;
                    }
                }
            } catch (Throwable t) {
                storeFailed("read the token or take the lease", t);
            }
        }
        attempt();
    }

    private void attempt() {
        int n;
        synchronized (lock) {
            if (finished.get()) {
                return;
            }
            n = ++attempts;
        }
        Throwable error = null;
        AccessToken token = null;
        try {
            AccessToken fetched = setup.provider().fetch();
            if (fetched == null) {
                error = new MalformedResponseException(setup.providerId(), null, "the provider's fetch() returned null;"
                        + " a TokenProvider must return a token or throw a TokenException", null);
            } else {
                Instant now = setup.clock().instant();
                token = Schedules.withExpiry(setup.expiry(), fetched, now);
                String problem = unusable(token, now);
                if (problem != null) {
                    error = new MalformedResponseException(setup.providerId(), null, problem, null);
                }
            }
        } catch (Throwable t) {
            error = t;
        }
        if (finished.get()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: an abandoned request ended late; its result is discarded",
                    setup.providerId());
            return;
        }
        if (error == null) {
            finish(new Outcome(publish(token), null, n, false));
            return;
        }
        synchronized (lock) {
            lastError = error;
        }
        long wait;
        try {
            wait = backoff.onFailure(error);
        } catch (Throwable t) {
            error.addSuppressed(t);
            wait = -1;
        }
        if (wait < 0 || !(error instanceof TokenException te)) {
            fail(error);
            return;
        }
        setup.events().retrying(te, n, Duration.ofMillis(wait));
        after(wait, this::attempt);
    }

    private AccessToken publish(AccessToken token) {
        AccessToken stored = token;
        if (!storeDown()) {
            try {
                AccessToken winner = setup.store().publish(setup.key(), token, replacing);
                // another holder's newer token wins if this source may use it; our own value stays
                // ours (its issue time is the latest)
                if (winner != null && !winner.sameValueAs(token) && usable(winner)) {
                    stored = winner;
                }
            } catch (Throwable t) {
                storeFailed("publish the token", t);
            }
        }
        return stored;
    }

    /**
     * Another holder fetches: read the store again after a jittered, growing pause, never later
     * than {@code waitableMs} from now, when this run's own turn comes.
     */
    private void waitForHolder(long waitableMs) {
        long base;
        synchronized (lock) {
            base = Math.min(MAX_POLL_MS, FIRST_POLL_MS << Math.min(6, polls++));
        }
        after(Math.min(waitableMs, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1)), this::begin);
    }

    /**
     * How much longer this run may wait for another holder (ms): until only its own reserve of
     * the deadline is left. Measured on the timer, as the deadline is.
     */
    private long waitableMs() {
        ScheduledFuture<?> d;
        synchronized (lock) {
            d = deadlineTask;
        }
        long left = d == null ? setup.deadline().toMillis() : d.getDelay(TimeUnit.MILLISECONDS);
        return left - ownReserveMs;
    }

    /**
     * The end of the deadline a waiting run keeps for a fetch of its own: a quarter of it, plus up
     * to a twentieth more at random, so that waiters that started together reach their own turn
     * one after another and the first one's token reaches the others before they fetch. A quarter
     * (10 s of the default 40 s) holds one request timeout; a holder that publishes within three
     * quarters of the waiter's deadline costs the waiter no request.
     */
    private static long ownReserve(Duration deadline) {
        long quarter = deadline.toMillis() / 4;
        return quarter + ThreadLocalRandom.current().nextLong(deadline.toMillis() / 20 + 1);
    }

    /**
     * How long a lease lasts unless released: half the fetch deadline, at most {@link #MAX_LEASE}
     * (20 s, the default deadline's half), whatever the holder's deadline. A holder that dies
     * without releasing it (a replica killed mid-fetch) then loses it while the runs that wait for
     * it, on any deadline of their own, can still take it and fetch; a waiter whose deadline is too
     * short even for that fetches on its own when its reserve is reached ({@link #ownReserve}). The
     * price: a live holder whose fetch outlasts its lease (a vendor retrying for over 20 s) may see
     * a second holder fetch too, which is harmless.
     */
    static Duration leaseTtl(Duration deadline) {
        Duration half = deadline.dividedBy(2);
        return half.compareTo(MAX_LEASE) < 0 ? half : MAX_LEASE;
    }

    /** Whether a stored token may replace this source's own: usable here, and newer than its own. */
    private boolean adoptable(AccessToken stored) {
        return usable(stored) && (known == null || TokenOrder.supersedes(stored, known));
    }

    /**
     * Whether a token from the store may be served by this source: it has an expiry, is not the
     * invalidated one, is usable by the expiry policy, and was not issued in this source's future
     * (beyond the policy's clock skew). A token issued in the future was fetched on a clock that
     * runs ahead, so its expiry runs ahead as well and may already have passed in truth.
     */
    private boolean usable(AccessToken stored) {
        if (stored.expiresAt().isEmpty() || (rejected != null && stored.sameValueAs(rejected))) {
            return false;
        }
        Instant now = setup.clock().instant();
        if (stored.issuedAt().isAfter(now.plus(setup.expiry().clockSkew()))) {
            return false;
        }
        return unusable(stored, now) == null;
    }

    // --- plumbing ---

    private void submit(Runnable step) {
        try {
            setup.workers().execute(() -> runStep(step));
        } catch (Throwable t) {
            fail(new ProviderUnavailableException(setup.providerId(), "the fetch executor rejected the fetch ("
                    + t.getClass().getSimpleName() + "); was it shut down?", t));
        }
    }

    private void runStep(Runnable step) {
        synchronized (lock) {
            if (finished.get()) {
                return;
            }
            worker = Thread.currentThread();
            begun = true;
        }
        try {
            step.run();
        } catch (Throwable t) {
            fail(t);
        } finally {
            stepEnded();
        }
    }

    /** The worker leaves a step: it is free again, and the run may be released. */
    private void stepEnded() {
        Runnable back;
        boolean wasStuck;
        boolean done;
        String name = Thread.currentThread().getName();
        synchronized (lock) {
            worker = null;
            back = reattach;
            reattach = null;
            wasStuck = reportedStuck;
            reportedStuck = false;
            done = finished.get();
        }
        // an interrupt meant for this run must not leak into the worker's next task
        Thread.interrupted();
        if (back != null) {
            back.run();
        }
        if (done) {
            release();
        }
        if (wasStuck) {
            setup.events().stuckReturned(this, name);
        }
    }

    private void after(long millis, Runnable step) {
        try {
            ScheduledFuture<?> w = setup.timer().schedule(() -> submit(step), millis, TimeUnit.MILLISECONDS);
            synchronized (lock) {
                waitTask = w;
            }
            if (finished.get()) {
                w.cancel(false);
            }
        } catch (Throwable t) {
            fail(new ProviderUnavailableException(setup.providerId(), "the scheduler rejected the next step of the"
                    + " fetch (" + t.getClass().getSimpleName() + "); was it shut down?", t));
        }
    }

    /** The deadline passed: end the run, abandon its worker. Runs on the timer. */
    private void expire() {
        int n;
        Throwable last;
        boolean busy;
        boolean started;
        synchronized (lock) {
            n = attempts;
            last = lastError;
            busy = worker != null;
            started = begun;
        }
        StringBuilder m = new StringBuilder("no token within the fetch deadline of ")
                .append(setup.deadline().toMillis()).append(" ms (").append(n).append(" request(s)");
        if (busy) {
            m.append("; the one still running was abandoned");
        }
        m.append(')');
        if (!started) {
            m.append(after.isDone() ? "; it never got a fetch thread: the fetch executor is saturated"
                    : "; it never started: the previous fetch of this source still runs past its own deadline");
        }
        if (last != null) {
            m.append("; last error: ").append(last instanceof TokenException ? last.getMessage() : last.getClass().getName());
        }
        if (fail(new ProviderUnavailableException(setup.providerId(), m.toString(), last))) {
            abandonWorker();
        }
    }

    /**
     * Interrupts the worker still running a step of this ended run; a worker of the shared pool
     * is detached (replaced) until it returns, and reported stuck if it has not returned
     * {@value #STUCK_AFTER_MS} ms later.
     */
    private void abandonWorker() {
        synchronized (lock) {
            if (worker == null) {
                return;
            }
            worker.interrupt();
            if (setup.workers() instanceof FetchPool pool && reattach == null) {
                reattach = pool.detach();
            }
        }
        try {
            // real time, whatever the source's scheduler: whether a thread returns is a matter of real time
            SharedThreads.timer().schedule(this::checkStuck, STUCK_AFTER_MS, TimeUnit.MILLISECONDS);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: cannot schedule the check of an abandoned fetch thread ({1})",
                    setup.providerId(), t.getClass().getName());
        }
    }

    /** Runs on the shared timer, {@value #STUCK_AFTER_MS} ms of real time after the deadline. */
    private void checkStuck() {
        String name;
        synchronized (lock) {
            if (worker == null || reportedStuck) {
                return;
            }
            reportedStuck = true;
            name = worker.getName();
        }
        setup.events().stuck(this, name);
    }

    private int attempts() {
        synchronized (lock) {
            return attempts;
        }
    }

    private boolean fail(Throwable error) {
        return finish(new Outcome(null, error, attempts(), false));
    }

    /** Completes the run once: later calls do nothing and return {@code false}. */
    private boolean finish(Outcome o) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> d;
        ScheduledFuture<?> w;
        synchronized (lock) {
            d = deadlineTask;
            w = waitTask;
        }
        if (d != null) {
            d.cancel(false);
        }
        if (w != null) {
            w.cancel(false);
        }
        releaseLeaseOffTimer();
        boolean idle;
        synchronized (lock) {
            idle = worker == null;
        }
        if (idle) {
            release();
        }
        outcome.complete(o);
        return true;
    }

    /** Releases the lease here when on this run's worker, else on a worker: the timer must not wait on a store. */
    private void releaseLeaseOffTimer() {
        boolean onWorker;
        boolean held;
        synchronized (lock) {
            onWorker = worker == Thread.currentThread();
            held = lease != null;
        }
        if (!held || onWorker) {
            releaseLease();
            return;
        }
        try {
            setup.workers().execute(this::releaseLease);
        } catch (Throwable t) {
            releaseLease();
        }
    }

    private void releaseLease() {
        TokenStore.Lease l;
        synchronized (lock) {
            l = lease;
            lease = null;
        }
        if (l != null) {
            try {
                l.release();
            } catch (Throwable t) {
                storeFailed("release the lease", t);
            }
        }
    }

    private boolean storeDown() {
        synchronized (lock) {
            return storeDown;
        }
    }

    private void storeFailed(String operation, Throwable t) {
        synchronized (lock) {
            storeDown = true;
        }
        setup.events().storeFailed(operation, t);
    }

    /** Why a token received now must not be used (see {@link Schedules#unusable}), or {@code null}. */
    private String unusable(AccessToken token, Instant now) {
        ExpiryPolicy policy = setup.expiry();
        return Schedules.unusable(policy, Schedules.of(policy, token, now), now);
    }
}
