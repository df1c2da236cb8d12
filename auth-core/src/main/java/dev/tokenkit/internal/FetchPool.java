package dev.tokenkit.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded pool of fetch threads that replaces the ones a fetch keeps past its deadline. A
 * fetch abandoned while its provider still runs {@linkplain #detach() detaches} its thread: the
 * pool grows by one, so the work queued behind it runs on a replacement thread, and shrinks back
 * when that thread returns (the surplus thread ends when next idle). A source never keeps more
 * than one such thread (it starts no fetch while its abandoned one runs), so the pool has at
 * most {@code threads} plus one thread per source whose provider ignores interrupts.
 */
public final class FetchPool implements Executor {
    private final ThreadPoolExecutor pool;
    private final int threads;
    // guarded by this
    private int detached;

    /**
     * A pool of {@code threads} threads from {@code factory}; idle ones end after
     * {@code keepAliveSeconds}.
     *
     * @param threads          the pool's size while no thread is detached; at least 1
     * @param keepAliveSeconds how long an idle thread lives
     * @param factory          makes the threads
     */
    public FetchPool(int threads, long keepAliveSeconds, ThreadFactory factory) {
        if (threads < 1) {
            throw new IllegalArgumentException("a fetch pool needs at least one thread (was " + threads + ")");
        }
        this.threads = threads;
        this.pool = new ThreadPoolExecutor(threads, threads, keepAliveSeconds, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /**
     * Called for a thread of this pool that a fetch abandoned while it still runs: the pool grows
     * by one thread until the returned action, run when that thread comes back, shrinks it again.
     *
     * @return the action to run once the detached thread has returned; idempotent
     */
    public Runnable detach() {
        synchronized (this) {
            detached++;
            resize();
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (this) {
                    detached--;
                    resize();
                }
            }
        };
    }

    /**
     * How many threads are detached now.
     *
     * @return the count
     */
    public synchronized int detached() {
        return detached;
    }

    /** Holds this pool's monitor. Core and maximum move together; the maximum never falls below the core. */
    private void resize() {
        int size = threads + detached;
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size); // starts threads for queued work at once
        } else {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    @Override
    public String toString() {
        return "FetchPool[" + threads + " thread(s), " + detached() + " detached]";
    }
}
