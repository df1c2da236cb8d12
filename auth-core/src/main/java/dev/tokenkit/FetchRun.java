package dev.tokenkit;

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
 * still running a step is interrupted, and whatever it returns later is discarded.
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
    }

    private static final System.Logger LOG = System.getLogger(TokenSource.class.getName());
    private static final long FIRST_POLL_MS = 25;
    private static final long MAX_POLL_MS = 1_000;

    private final Setup setup;
    private final AccessToken known;
    private final AccessToken rejected;
    /** Whether {@link #rejected} is still to be removed from the store; only the run's steps, one at a time, touch it. */
    private boolean invalidate;
    private final RetryPolicy.Backoff backoff;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();

    private final Object lock = new Object();
    // guarded by lock
    private Thread worker;
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
     */
    FetchRun(Setup setup, AccessToken known, AccessToken rejected, boolean invalidate) {
        this.setup = setup;
        this.known = known;
        this.rejected = rejected;
        this.invalidate = invalidate && rejected != null;
        this.backoff = setup.retry().newBackoff(setup.clock());
    }

    /** Completes once, normally, with the run's outcome. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
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
        submit(this::begin);
    }

    /** Ends the run at once with {@code reason} (the source closed), interrupting its worker. */
    void cancel(Throwable reason) {
        if (fail(reason)) {
            interruptWorker();
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
                    waitForHolder();
                    return;
                }
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
                token = setup.expiry().withExpiry(fetched, now);
                String problem = setup.expiry().unusable(setup.expiry().schedule(token, now), now);
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
                AccessToken winner = setup.store().publish(setup.key(), token);
                // another holder's newer token wins; our own value stays ours (its issue time is the latest)
                if (winner != null && winner.expiresAt().isPresent() && !winner.sameValueAs(token)) {
                    stored = winner;
                }
            } catch (Throwable t) {
                storeFailed("publish the token", t);
            }
        }
        return stored;
    }

    /** Another holder fetches: read the store again after a jittered, growing pause. */
    private void waitForHolder() {
        long base;
        synchronized (lock) {
            base = Math.min(MAX_POLL_MS, FIRST_POLL_MS << Math.min(6, polls++));
        }
        after(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1), this::begin);
    }

    /**
     * How long a lease lasts unless released: half the fetch deadline. A holder that dies without
     * releasing it (a replica killed mid-fetch) then loses it while the runs that wait for it still
     * have half their deadline to take it and fetch; were it the whole deadline, a waiter that
     * started with the holder would reach its own deadline just as the lease ran out, and its
     * callers would fail. The price: a live holder whose fetch outlasts half the deadline (a vendor
     * retrying for over 20 s) may see a second holder fetch too, which is harmless.
     */
    private static Duration leaseTtl(Duration deadline) {
        return deadline.dividedBy(2);
    }

    private boolean adoptable(AccessToken stored) {
        if (stored.expiresAt().isEmpty() || (rejected != null && stored.sameValueAs(rejected))) {
            return false;
        }
        if (known != null && !TokenStore.supersedes(stored, known)) {
            return false;
        }
        Instant now = setup.clock().instant();
        return setup.expiry().unusable(setup.expiry().schedule(stored, now), now) == null;
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
        }
        try {
            step.run();
        } catch (Throwable t) {
            fail(t);
        } finally {
            synchronized (lock) {
                worker = null;
            }
            // an interrupt meant for this run must not leak into the worker's next task
            Thread.interrupted();
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
        synchronized (lock) {
            n = attempts;
            last = lastError;
            busy = worker != null;
        }
        StringBuilder m = new StringBuilder("no token within the fetch deadline of ")
                .append(setup.deadline().toMillis()).append(" ms (").append(n).append(" request(s)");
        if (busy) {
            m.append("; the one still running was abandoned");
        }
        m.append(')');
        if (last != null) {
            m.append("; last error: ").append(last instanceof TokenException ? last.getMessage() : last.getClass().getName());
        }
        if (fail(new ProviderUnavailableException(setup.providerId(), m.toString(), last))) {
            interruptWorker();
        }
    }

    private void interruptWorker() {
        synchronized (lock) {
            if (worker != null) {
                worker.interrupt();
            }
        }
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
}
