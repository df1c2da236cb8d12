package dev.tokenkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualClock clock = ManualClock.create();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Instant t0 = clock.instant();
    /** What ran, as "name@seconds since t0". */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private Runnable record(String name) {
        return () -> log.add(name + "@" + Duration.between(t0, clock.instant()).toSeconds());
    }

    @Nested
    @DisplayName("running tasks")
    class Running {

        @Test
        @DisplayName("nothing runs until the test runs due tasks")
        void nothingRunsByItself() {
            scheduler.execute(record("a"));
            Future<?> future = scheduler.submit(record("b"));

            assertThat(log).isEmpty();
            assertThat(future).isNotDone();
            assertThat(scheduler.pendingTasks()).isEqualTo(2);

            assertThat(scheduler.runDueTasks()).isEqualTo(2);
            assertThat(log).containsExactly("a@0", "b@0");
            assertThat(future).isDone();
        }

        @Test
        @DisplayName("runs due tasks in due-time order, then in submission order")
        void order() {
            scheduler.schedule(record("c"), 3, TimeUnit.SECONDS);
            scheduler.schedule(record("a1"), 1, TimeUnit.SECONDS);
            scheduler.schedule(record("a2"), 1000, TimeUnit.MILLISECONDS);
            scheduler.execute(record("now"));
            scheduler.schedule(record("past"), -5, TimeUnit.SECONDS);

            int ran = scheduler.advance(Duration.ofSeconds(5));

            assertThat(ran).isEqualTo(5);
            assertThat(log).containsExactly("now@0", "past@0", "a1@1", "a2@1", "c@3");
            assertThat(clock.instant()).isEqualTo(t0.plusSeconds(5));
        }

        @Test
        @DisplayName("runDueTasks leaves future tasks and runs tasks that become due meanwhile")
        void runDueTasksOnlyDue() {
            scheduler.schedule(record("later"), 1, TimeUnit.SECONDS);
            scheduler.execute(() -> {
                log.add("first");
                scheduler.execute(record("spawned"));
            });

            assertThat(scheduler.runDueTasks()).isEqualTo(2);
            assertThat(log).containsExactly("first", "spawned@0");
            assertThat(scheduler.pendingTasks()).isEqualTo(1);
            assertThat(scheduler.nextDueAt()).contains(t0.plusSeconds(1));
        }

        @Test
        @DisplayName("advance runs a chain of tasks, each at its own due time")
        void chain() {
            AtomicInteger attempts = new AtomicInteger();
            Runnable[] attempt = new Runnable[1];
            attempt[0] = () -> {
                record("attempt" + attempts.incrementAndGet()).run();
                if (attempts.get() < 4) {
                    scheduler.schedule(attempt[0], 1, TimeUnit.SECONDS);
                }
            };
            scheduler.execute(attempt[0]);

            assertThat(scheduler.advance(Duration.ofSeconds(10))).isEqualTo(4);

            assertThat(log).containsExactly("attempt1@0", "attempt2@1", "attempt3@2", "attempt4@3");
            assertThat(clock.instant()).isEqualTo(t0.plusSeconds(10));
            assertThat(scheduler.pendingTasks()).isZero();
        }

        @Test
        @DisplayName("advance stops at the target and leaves later tasks queued")
        void advanceStopsAtTarget() {
            scheduler.schedule(record("at5"), 5, TimeUnit.SECONDS);
            scheduler.schedule(record("at4"), 4, TimeUnit.SECONDS);

            assertThat(scheduler.advance(Duration.ofSeconds(4))).isEqualTo(1);

            assertThat(log).containsExactly("at4@4");
            assertThat(scheduler.nextDueAt()).contains(t0.plusSeconds(5));
            assertThat(scheduler.advanceTo(t0.plusSeconds(5))).isEqualTo(1);
            assertThat(log).containsExactly("at4@4", "at5@5");
        }

        @Test
        @DisplayName("refuses to move time backwards")
        void noBackwards() {
            assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scheduler.advanceTo(t0.minusSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a task that keeps resubmitting itself without delay is stopped, not looped forever")
        void runaway() {
            Runnable[] self = new Runnable[1];
            self[0] = () -> scheduler.execute(self[0]);
            scheduler.execute(self[0]);

            assertThatThrownBy(scheduler::runDueTasks)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("resubmits itself");
        }

        @Test
        @DisplayName("results reach the futures of callables and of submit(runnable, result)")
        void results() throws Exception {
            ScheduledFuture<String> callable = scheduler.schedule(() -> "done", 2, TimeUnit.SECONDS);
            Future<String> withResult = scheduler.submit(record("r"), "given");

            scheduler.advance(Duration.ofSeconds(2));

            assertThat(callable.get()).isEqualTo("done");
            assertThat(withResult.get()).isEqualTo("given");
        }
    }

    @Nested
    @DisplayName("futures")
    class Futures {

        @Test
        @DisplayName("getDelay is measured on the manual clock")
        void delay() {
            ScheduledFuture<?> future = scheduler.schedule(record("x"), 10, TimeUnit.SECONDS);

            assertThat(future.getDelay(TimeUnit.SECONDS)).isEqualTo(10);
            clock.advance(Duration.ofSeconds(4));
            assertThat(future.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(6_000);
        }

        @Test
        @DisplayName("a cancelled task leaves the queue and never runs")
        void cancel() {
            ScheduledFuture<?> future = scheduler.schedule(record("x"), 1, TimeUnit.SECONDS);

            assertThat(future.cancel(false)).isTrue();

            assertThat(future.isCancelled()).isTrue();
            assertThat(scheduler.pendingTasks()).isZero();
            assertThat(scheduler.advance(Duration.ofSeconds(5))).isZero();
            assertThat(log).isEmpty();
        }

        @Test
        @DisplayName("an exception completes the future, is not rethrown, and is listed in failures")
        void failureCaptured() {
            IllegalStateException boom = new IllegalStateException("boom");
            Future<?> failing = scheduler.submit(() -> {
                throw boom;
            });
            scheduler.execute(record("after"));

            assertThat(scheduler.runDueTasks()).isEqualTo(2);

            assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasCause(boom);
            assertThat(scheduler.failures()).containsExactly(boom);
            assertThat(log).containsExactly("after@0");
        }

        @Test
        @DisplayName("a task that cancels itself with interruption does not leave the test thread interrupted")
        void selfCancelDoesNotInterruptCaller() {
            Future<?>[] self = new Future<?>[1];
            self[0] = scheduler.scheduleAtFixedRate(() -> self[0].cancel(true), 0, 1, TimeUnit.SECONDS);

            scheduler.runDueTasks();

            assertThat(self[0].isCancelled()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Nested
    @DisplayName("periodic tasks")
    class Periodic {

        @Test
        @DisplayName("fixed rate runs at every period from the first due time until cancelled")
        void fixedRate() {
            ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(record("tick"), 0, 1, TimeUnit.SECONDS);

            assertThat(scheduler.advance(Duration.ofSeconds(3))).isEqualTo(4);
            assertThat(log).containsExactly("tick@0", "tick@1", "tick@2", "tick@3");

            future.cancel(false);
            assertThat(scheduler.advance(Duration.ofSeconds(3))).isZero();
            assertThat(future.isDone()).isTrue();
        }

        @Test
        @DisplayName("fixed delay counts from the end of each run")
        void fixedDelay() {
            scheduler.scheduleWithFixedDelay(() -> {
                record("run").run();
                clock.advance(Duration.ofMillis(500)); // the run "takes" half a second
            }, 0, 1, TimeUnit.SECONDS);

            scheduler.advanceTo(t0.plusSeconds(4));

            // runs at 0, 1.5 and 3.0 seconds
            assertThat(log).containsExactly("run@0", "run@1", "run@3");
            assertThat(scheduler.nextDueAt()).contains(t0.plusMillis(4_500));
        }

        @Test
        @DisplayName("a periodic task that throws is not run again")
        void periodicFailure() {
            AtomicInteger runs = new AtomicInteger();
            ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
                if (runs.incrementAndGet() == 2) {
                    throw new IllegalStateException("second run fails");
                }
            }, 0, 1, TimeUnit.SECONDS);

            scheduler.advance(Duration.ofSeconds(5));

            assertThat(runs).hasValue(2);
            assertThat(future.isDone()).isTrue();
            assertThat(scheduler.failures()).singleElement()
                    .satisfies(failure -> assertThat(failure).hasMessage("second run fails"));
        }

        @Test
        @DisplayName("a period must be positive")
        void positivePeriod() {
            assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(record("x"), 0, 0, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scheduler.scheduleWithFixedDelay(record("x"), 0, -1, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("shutdown")
    class Shutdown {

        @Test
        @DisplayName("shutdown rejects new tasks, keeps one-shot tasks and cancels periodic ones")
        void shutdown() throws Exception {
            scheduler.schedule(record("queued"), 1, TimeUnit.SECONDS);
            ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(record("tick"), 0, 1, TimeUnit.SECONDS);

            scheduler.shutdown();

            assertThat(scheduler.isShutdown()).isTrue();
            assertThat(periodic.isCancelled()).isTrue();
            assertThatThrownBy(() -> scheduler.execute(record("late")))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> scheduler.schedule(() -> 1, 1, TimeUnit.SECONDS))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThat(scheduler.isTerminated()).isFalse();
            assertThat(scheduler.awaitTermination(0, TimeUnit.SECONDS)).isFalse();

            scheduler.advance(Duration.ofSeconds(1));

            assertThat(log).containsExactly("queued@1");
            assertThat(scheduler.isTerminated()).isTrue();
            assertThat(scheduler.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
        }

        @Test
        @DisplayName("shutdownNow returns the queued tasks in due order without running them")
        void shutdownNow() {
            scheduler.schedule(record("second"), 2, TimeUnit.SECONDS);
            scheduler.schedule(record("first"), 1, TimeUnit.SECONDS);

            List<Runnable> pending = scheduler.shutdownNow();

            assertThat(pending).hasSize(2);
            assertThat(scheduler.isTerminated()).isTrue();
            assertThat(scheduler.pendingTasks()).isZero();
            assertThat(log).isEmpty();
            pending.forEach(Runnable::run);
            assertThat(log).containsExactly("first@0", "second@0");
        }

        @Test
        @DisplayName("awaitTermination returns once another thread drains the queue")
        void awaitTerminationAcrossThreads() throws Exception {
            scheduler.schedule(record("x"), 1, TimeUnit.SECONDS);
            scheduler.shutdown();
            Thread driver = new Thread(() -> scheduler.advance(Duration.ofSeconds(1)));

            driver.start();

            assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            driver.join();
            assertThat(log).containsExactly("x@1");
        }
    }

    @Nested
    @DisplayName("invokeAll and invokeAny")
    class Invoke {

        @Test
        @DisplayName("invokeAll runs every task at once on the calling thread")
        void invokeAll() throws Exception {
            Thread caller = Thread.currentThread();
            List<Callable<Boolean>> tasks = List.of(() -> Thread.currentThread() == caller, () -> true);

            List<Future<Boolean>> futures = scheduler.invokeAll(tasks);

            assertThat(futures).allSatisfy(future -> assertThat(future.get()).isTrue());
        }

        @Test
        @DisplayName("timed invokeAll cancels tasks once a task moved the clock past the deadline")
        void invokeAllTimed() {
            List<Callable<String>> tasks = List.of(() -> {
                clock.advance(Duration.ofSeconds(5));
                return "slow";
            }, () -> "never");

            List<Future<String>> futures = scheduler.invokeAll(tasks, 1, TimeUnit.SECONDS);

            assertThat(futures.get(0).isCancelled()).isFalse();
            assertThat(futures.get(1).isCancelled()).isTrue();
        }

        @Test
        @DisplayName("invokeAny returns the first success and reports when all fail")
        void invokeAny() throws Exception {
            Callable<String> fails = () -> {
                throw new IllegalStateException("no");
            };

            assertThat(scheduler.invokeAny(List.<Callable<String>>of(fails, () -> "yes"))).isEqualTo("yes");
            assertThatThrownBy(() -> scheduler.invokeAny(List.of(fails)))
                    .isInstanceOf(ExecutionException.class);
            assertThatThrownBy(() -> scheduler.invokeAny(List.<Callable<String>>of(() -> {
                clock.advance(Duration.ofSeconds(5));
                throw new IllegalStateException("slow failure");
            }, () -> "too late"), 1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    @DisplayName("other threads may submit while the test thread runs tasks; each task runs once")
    void concurrentSubmission() throws Exception {
        int producers = 4;
        int perProducer = 1_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    scheduler.schedule(ran::incrementAndGet, i % 3, TimeUnit.SECONDS);
                }
            });
            thread.start();
            threads.add(thread);
        }

        start.countDown();
        int runs = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            runs += scheduler.runDueTasks();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        runs += scheduler.advance(Duration.ofSeconds(3));

        assertThat(runs).isEqualTo(producers * perProducer);
        assertThat(ran).hasValue(producers * perProducer);
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(scheduler.failures()).isEmpty();
    }
}
