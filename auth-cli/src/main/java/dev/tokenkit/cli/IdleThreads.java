package dev.tokenkit.cli;

import java.time.Duration;

/**
 * Ends the JDK HTTP client's selector threads before the command line exits.
 *
 * <p>HotSpot exits (on {@code System.exit} as on a return from {@code main}) only after every
 * other thread has left native code, or after 300 ms: it polls every 10 ms, 30 times. A
 * {@code java.net.http.HttpClient} keeps one selector thread per client waiting in
 * {@code epoll_wait}, a native call, for as long as the client lives; the clients of tokenkit's
 * transport live as long as the JVM, and Java 17's {@code HttpClient} has no {@code close()}.
 * Every run that sent a request therefore spent 0.3 s after printing its result. The selector
 * loop ends when its thread is interrupted (an interrupt wakes a blocked selector), so the
 * command line interrupts those threads, once its work is done and its output flushed, and waits
 * for them a short, bounded time. A thread that does not end in time only costs the old delay.
 */
final class IdleThreads {
    /** The JDK names them {@code HttpClient-<n>-SelectorManager}. */
    private static final String SELECTOR_PREFIX = "HttpClient-";
    private static final String SELECTOR_SUFFIX = "-SelectorManager";
    /** Together, for all of them: less than half of what the JVM would wait. */
    static final Duration DEADLINE = Duration.ofMillis(100);

    private IdleThreads() {
    }

    /**
     * Interrupts the HTTP client's selector threads and waits until they end or the deadline passes.
     *
     * @return how many selector threads are still alive
     */
    static int endHttpSelectors() {
        Thread[] threads = new Thread[Thread.activeCount() * 2 + 8];
        int n = Thread.enumerate(threads);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int alive = 0;
        for (int i = 0; i < n; i++) {
            if (isHttpSelector(threads[i])) {
                threads[i].interrupt();
            }
        }
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (!isHttpSelector(t)) {
                continue;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Duration.ofNanos(left).toMillis() + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive + 1;
            }
            if (t.isAlive()) {
                alive++;
            }
        }
        return alive;
    }

    static boolean isHttpSelector(Thread t) {
        String name = t.getName();
        return t.isDaemon() && name.startsWith(SELECTOR_PREFIX) && name.endsWith(SELECTOR_SUFFIX);
    }
}
