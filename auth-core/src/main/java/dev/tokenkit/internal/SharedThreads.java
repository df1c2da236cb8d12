package dev.tokenkit.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every token source shares unless it is given its own: one timer thread
 * ({@code tokenkit-timer}) that only keeps time and hands work on, and a bounded pool of fetch
 * threads ({@code tokenkit-fetch-N}) that run providers' blocking {@code fetch()} calls. All are
 * daemon threads, created on first use; idle fetch threads end after 30 s. The pool's size is
 * {@value #DEFAULT_FETCH_THREADS} unless the system property {@value #FETCH_THREADS_PROPERTY} says
 * otherwise. A hung provider holds one fetch thread until its fetch deadline, when the thread is
 * interrupted; a provider that does not return then keeps it, and the pool runs other work on a
 * replacement thread until it returns ({@link FetchPool}).
 */
public final class SharedThreads {
    /** The system property that sets the fetch pool's size. */
    public static final String FETCH_THREADS_PROPERTY = "tokenkit.fetchThreads";
    /** The fetch pool's default size. */
    public static final int DEFAULT_FETCH_THREADS = 6;

    private SharedThreads() {
    }

    /**
     * The shared timer. Tasks on it must not block: they start fetches, wait out backoffs and
     * enforce deadlines. Cancelled tasks leave its queue at once.
     *
     * @return the timer
     */
    public static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    /**
     * The shared fetch pool.
     *
     * @return the pool
     */
    public static Executor fetchPool() {
        return Holder.FETCH;
    }

    /** Lazily created on first use (initialisation-on-demand holder). */
    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = timer();
        static final FetchPool FETCH = fetch();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("tokenkit-timer"));
            t.setRemoveOnCancelPolicy(true);
            t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return t;
        }

        private static FetchPool fetch() {
            int size = Math.max(1, Integer.getInteger(FETCH_THREADS_PROPERTY, DEFAULT_FETCH_THREADS));
            return new FetchPool(size, 30, daemon("tokenkit-fetch-"));
        }

        private static ThreadFactory daemon(String name) {
            AtomicInteger n = new AtomicInteger();
            boolean numbered = name.endsWith("-");
            return r -> {
                Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
                t.setDaemon(true);
                return t;
            };
        }
    }
}
