package dev.tokenkit.testing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ScheduledExecutorService} on virtual time: tasks wait in a queue, due at
 * {@link ManualClock} instants, and run only when the test says so, on the test's own thread.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * ManualScheduler scheduler = new ManualScheduler(clock);
 * // hand clock and scheduler to the code under test, then:
 * scheduler.advance(Duration.ofMinutes(10)); // runs every task due in the next ten minutes,
 *                                            // each with the clock at its due time
 * assertThat(scheduler.failures()).isEmpty();
 * }</pre>
 *
 * <p><b>Running.</b> {@link #runDueTasks()} runs every task due at or before the clock's
 * instant, earliest first and in submission order for equal instants; tasks that those tasks
 * submit run in the same call if they are due. {@link #advance(Duration)} and
 * {@link #advanceTo(Instant)} move the clock to each due time in turn, so a chain of tasks
 * (a retry that schedules the next attempt after a backoff) completes within one call.
 * {@code execute} and {@code submit} queue a task due now; it does not run before the test calls
 * one of these methods.
 *
 * <p><b>Like a real executor.</b> A task's exception completes its future exceptionally and is
 * not rethrown to the test; it is also kept in {@link #failures()} so a test can assert that
 * nothing failed. A periodic task that throws is not run again. {@link ScheduledFuture#cancel
 * Cancelling} a future removes its task from the queue. {@link ScheduledFuture#getDelay
 * getDelay} is measured on the manual clock. After {@link #shutdown()} new tasks are rejected,
 * queued one-shot tasks still run when due, and periodic tasks are cancelled (the defaults of
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor}); {@link #shutdownNow()} returns the
 * queued tasks without running or cancelling them.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may submit or cancel while the test thread runs
 * tasks. {@code invokeAll} and {@code invokeAny} run their tasks at once on the calling thread,
 * since nothing else would; their timeouts are measured on the manual clock. Waiting on the
 * future of a queued task blocks until some thread runs it, so never wait on the thread that is
 * supposed to run it.
 */
public final class ManualScheduler implements ScheduledExecutorService {

    /**
     * The most tasks one call of {@link #runDueTasks()} runs before it gives up with an
     * {@link IllegalStateException}: more than this means a task keeps resubmitting itself
     * without delay, which would otherwise hang the test.
     */
    public static final int MAX_TASKS_PER_RUN = 100_000;

    private final ManualClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private long nextSequence;
    private int running;
    private boolean shutdown;

    /**
     * A scheduler driven by the given clock.
     *
     * @param clock the clock that decides which tasks are due, and that {@link #advance(Duration)}
     *              moves
     */
    public ManualScheduler(ManualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The clock this scheduler follows.
     *
     * @return the clock
     */
    public ManualClock clock() {
        return clock;
    }

    // --- driving it ---

    /**
     * Runs, on the calling thread, every task due at or before the clock's current instant,
     * including tasks that become due while running (submitted without delay). The clock does
     * not move.
     *
     * @return how many tasks ran (each run of a periodic task counts)
     * @throws IllegalStateException if more than {@link #MAX_TASKS_PER_RUN} tasks ran, which
     *                               means a task keeps resubmitting itself
     */
    public int runDueTasks() {
        int ran = 0;
        while (true) {
            Task<?> task;
            lock.lock();
            try {
                task = queue.peek();
                if (task == null || task.dueAt.isAfter(clock.instant())) {
                    return ran;
                }
                queue.poll();
                running++;
            } finally {
                lock.unlock();
            }
            try {
                runOnThisThread(task);
            } finally {
                lock.lock();
                try {
                    running--;
                    stateChanged.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (++ran >= MAX_TASKS_PER_RUN) {
                throw new IllegalStateException("ManualScheduler: " + ran
                        + " tasks ran without the clock moving; a task probably resubmits itself"
                        + " with no delay");
            }
        }
    }

    /**
     * Moves the clock forward by {@code duration}, stopping at the due time of each task on the
     * way to run it (and whatever it schedules that falls within the duration), then sets the
     * clock to the end time and runs what is due.
     *
     * @param duration how far to move; zero runs what is due now
     * @return how many tasks ran
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public int advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(
                    "ManualScheduler: cannot advance by a negative duration (" + duration + ")");
        }
        return advanceTo(clock.instant().plus(duration));
    }

    /**
     * Moves the clock forward to {@code target} as {@link #advance(Duration)} does.
     *
     * @param target the instant to end at; not before the clock's current instant
     * @return how many tasks ran
     * @throws IllegalArgumentException if {@code target} is before the clock's instant
     */
    public int advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        if (target.isBefore(clock.instant())) {
            throw new IllegalArgumentException("ManualScheduler: cannot advance to " + target
                    + ", which is before the clock's " + clock.instant()
                    + "; use ManualClock.set(Instant) to move the clock back on purpose");
        }
        int ran = runDueTasks();
        while (true) {
            Optional<Instant> next = nextDueAt();
            if (next.isEmpty() || next.get().isAfter(target)) {
                break;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.set(next.get());
            }
            ran += runDueTasks();
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
        return ran + runDueTasks();
    }

    /**
     * How many tasks are queued (due or not), periodic ones counted once.
     *
     * @return the number of queued tasks
     */
    public int pendingTasks() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the earliest queued task is due.
     *
     * @return its due instant, or empty when nothing is queued
     */
    public Optional<Instant> nextDueAt() {
        lock.lock();
        try {
            Task<?> head = queue.peek();
            return head == null ? Optional.empty() : Optional.of(head.dueAt);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every exception thrown by a task so far, in the order they happened.
     *
     * @return an unmodifiable snapshot; empty when no task failed
     */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    // --- ScheduledExecutorService ---

    /**
     * Queues a task due after {@code delay} on the manual clock.
     *
     * @param command the task
     * @param delay   the delay; zero or negative means due now
     * @param unit    the unit of {@code delay}
     * @return a future that completes when the task has run
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new Task<>(command, null, null, false), dueAfter(delay, unit));
    }

    /**
     * Queues a task due after {@code delay} on the manual clock.
     *
     * @param callable the task
     * @param delay    the delay; zero or negative means due now
     * @param unit     the unit of {@code delay}
     * @param <V>      the result type
     * @return a future with the task's result
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return enqueue(new Task<>(callable, null, false), dueAfter(delay, unit));
    }

    /**
     * Queues a task first due after {@code initialDelay}, then every {@code period} after that
     * first due time, whatever the clock said when it ran (runs that fall behind catch up).
     *
     * @param command      the task
     * @param initialDelay the first delay; zero or negative means due now
     * @param period       the period; positive
     * @param unit         the unit of both
     * @return a future that only completes when the task is cancelled or throws
     * @throws IllegalArgumentException   if {@code period} is not positive
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
            long period, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new Task<>(command, null, positive(period, unit), true),
                dueAfter(initialDelay, unit));
    }

    /**
     * Queues a task first due after {@code initialDelay}, then {@code delay} after each run
     * ends, by the manual clock.
     *
     * @param command      the task
     * @param initialDelay the first delay; zero or negative means due now
     * @param delay        the delay between runs; positive
     * @param unit         the unit of both
     * @return a future that only completes when the task is cancelled or throws
     * @throws IllegalArgumentException   if {@code delay} is not positive
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
            long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new Task<>(command, null, positive(delay, unit), false),
                dueAfter(initialDelay, unit));
    }

    /**
     * Queues a task due now; it runs at the next {@link #runDueTasks()} or advance. Its
     * exception, if any, goes to {@link #failures()}.
     *
     * @param command the task
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Queues a task due now.
     *
     * @param task the task
     * @param <T>  the result type
     * @return a future with the task's result
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Queues a task due now.
     *
     * @param task   the task
     * @param result the result the future gives once the task has run
     * @param <T>    the result type
     * @return a future with {@code result}
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return enqueue(new Task<>(task, result, null, false), clock.instant());
    }

    /**
     * Queues a task due now.
     *
     * @param task the task
     * @return a future that completes with {@code null} once the task has run
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public Future<?> submit(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs the tasks at once, in order, on the calling thread.
     *
     * @param tasks the tasks
     * @param <T>   the result type
     * @return their completed futures, in order
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        return invokeAllUntil(tasks, Instant.MAX);
    }

    /**
     * Runs the tasks at once, in order, on the calling thread; tasks not started when the
     * manual clock reaches the deadline (because a task moved it) are cancelled.
     *
     * @param tasks   the tasks
     * @param timeout the timeout on the manual clock
     * @param unit    the unit of {@code timeout}
     * @param <T>     the result type
     * @return their futures, in order, each completed or cancelled
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout,
            TimeUnit unit) {
        return invokeAllUntil(tasks, dueAfter(timeout, unit));
    }

    /**
     * Runs the tasks in order on the calling thread until one completes normally.
     *
     * @param tasks the tasks
     * @param <T>   the result type
     * @return the result of the first task that completed normally
     * @throws ExecutionException         if every task threw
     * @throws IllegalArgumentException   if {@code tasks} is empty
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        try {
            return invokeAnyUntil(tasks, Instant.MAX);
        } catch (TimeoutException e) {
            throw new IllegalStateException("ManualScheduler: no deadline, yet timed out", e);
        }
    }

    /**
     * Runs the tasks in order on the calling thread until one completes normally or the manual
     * clock reaches the deadline (because a task moved it).
     *
     * @param tasks   the tasks
     * @param timeout the timeout on the manual clock
     * @param unit    the unit of {@code timeout}
     * @param <T>     the result type
     * @return the result of the first task that completed normally
     * @throws ExecutionException         if every task threw
     * @throws TimeoutException           if the deadline passed before a task succeeded
     * @throws IllegalArgumentException   if {@code tasks} is empty
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws ExecutionException, TimeoutException {
        return invokeAnyUntil(tasks, dueAfter(timeout, unit));
    }

    /**
     * Rejects new tasks from now on. Queued one-shot tasks stay queued and still run when due;
     * queued periodic tasks are cancelled.
     */
    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            for (Task<?> task : new ArrayList<>(queue)) {
                if (task.isPeriodic()) {
                    task.cancel(false);
                }
            }
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rejects new tasks and empties the queue without running or cancelling anything.
     *
     * @return the queued tasks (their futures), in due order
     */
    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutdown = true;
            List<Runnable> pending = new ArrayList<>(queue.size());
            while (!queue.isEmpty()) {
                pending.add(queue.poll());
            }
            stateChanged.signalAll();
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} was called.
     *
     * @return {@code true} once shut down
     */
    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the scheduler is shut down, its queue is empty and no task is running.
     *
     * @return {@code true} once terminated
     */
    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return isTerminatedLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, in real time, until the scheduler is terminated. Queued tasks run only when a
     * thread drives the scheduler, so calling this on that thread with tasks queued simply
     * waits out the timeout.
     *
     * @param timeout the longest real time to wait
     * @param unit    the unit of {@code timeout}
     * @return {@code true} if terminated, {@code false} if the timeout elapsed first
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!isTerminatedLocked()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = stateChanged.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The clock, the number of queued tasks and whether it is shut down.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            return "ManualScheduler[" + clock.instant() + ", " + queue.size() + " pending"
                    + (shutdown ? ", shut down" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    // --- internals ---

    private boolean isTerminatedLocked() {
        return shutdown && queue.isEmpty() && running == 0;
    }

    private <T extends Task<?>> T enqueue(T task, Instant dueAt) {
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException(
                        "ManualScheduler: shut down, so it accepts no new task");
            }
            task.dueAt = dueAt;
            task.sequence = nextSequence++;
            queue.add(task);
            return task;
        } finally {
            lock.unlock();
        }
    }

    /** After a successful run of a periodic task: queue its next run, unless it is over. */
    private void reschedule(Task<?> task) {
        lock.lock();
        try {
            if (task.isCancelled()) {
                return;
            }
            if (shutdown) {
                task.cancel(false);
                stateChanged.signalAll();
                return;
            }
            task.dueAt = task.fixedRate ? plus(task.dueAt, task.period) : plus(clock.instant(),
                    task.period);
            task.sequence = nextSequence++;
            queue.add(task);
        } finally {
            lock.unlock();
        }
    }

    private void remove(Task<?> task) {
        lock.lock();
        try {
            if (queue.remove(task)) {
                stateChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireRunning() {
        if (isShutdown()) {
            throw new RejectedExecutionException(
                    "ManualScheduler: shut down, so it accepts no new task");
        }
    }

    private static void runOnThisThread(Task<?> task) {
        boolean wasInterrupted = Thread.currentThread().isInterrupted();
        task.run();
        if (!wasInterrupted && task.isCancelled()) {
            // cancel(true) from inside the task interrupts the runner, which is the test thread
            Thread.interrupted();
        }
    }

    private <T> List<Future<T>> invokeAllUntil(Collection<? extends Callable<T>> tasks,
            Instant deadline) {
        requireRunning();
        List<Task<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> callable : tasks) {
            futures.add(new Task<>(Objects.requireNonNull(callable, "task"), null, false));
        }
        for (Task<T> future : futures) {
            if (clock.instant().isBefore(deadline)) {
                runOnThisThread(future);
            } else {
                future.cancel(false);
            }
        }
        return new ArrayList<>(futures);
    }

    private <T> T invokeAnyUntil(Collection<? extends Callable<T>> tasks, Instant deadline)
            throws ExecutionException, TimeoutException {
        requireRunning();
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("ManualScheduler: invokeAny needs at least one task");
        }
        ExecutionException last = null;
        for (Callable<T> callable : tasks) {
            if (!clock.instant().isBefore(deadline)) {
                throw new TimeoutException("ManualScheduler: the manual clock reached " + deadline
                        + " before any task completed normally");
            }
            Task<T> future = new Task<>(Objects.requireNonNull(callable, "task"), null, false);
            runOnThisThread(future);
            try {
                return future.get();
            } catch (ExecutionException e) {
                last = e;
            } catch (CancellationException e) {
                last = new ExecutionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("ManualScheduler: interrupted", e);
            }
        }
        throw last;
    }

    private Instant dueAfter(long delay, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        Instant now = clock.instant();
        if (delay <= 0) {
            return now;
        }
        return plus(now, Duration.of(delay, unit.toChronoUnit()));
    }

    private static Duration positive(long amount, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (amount <= 0) {
            throw new IllegalArgumentException(
                    "ManualScheduler: the period must be positive, was " + amount + " " + unit);
        }
        return Duration.of(amount, unit.toChronoUnit());
    }

    private static Instant plus(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    /** A queued task: its future, its due time and, for periodic tasks, its period. */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        /** {@code null} for a one-shot task. */
        private final Duration period;
        private final boolean fixedRate;
        /** Written under the lock while the task is not queued; read by any thread. */
        volatile Instant dueAt;
        /** Submission order, the tie-breaker for equal due times; guarded by the lock. */
        long sequence;

        Task(Callable<V> callable, Duration period, boolean fixedRate) {
            super(callable);
            this.period = period;
            this.fixedRate = fixedRate;
        }

        Task(Runnable runnable, V result, Duration period, boolean fixedRate) {
            super(runnable, result);
            this.period = period;
            this.fixedRate = fixedRate;
        }

        @Override
        public boolean isPeriodic() {
            return period != null;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            Instant due = dueAt == null ? clock.instant() : dueAt;
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            if (other == this) {
                return 0;
            }
            if (other instanceof Task) {
                Task<?> that = (Task<?>) other;
                int byTime = dueAt.compareTo(that.dueAt);
                return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS),
                    other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                reschedule(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                remove(this);
            }
            return cancelled;
        }

        @Override
        protected void setException(Throwable failure) {
            failures.add(failure);
            super.setException(failure);
        }
    }
}
