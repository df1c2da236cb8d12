package dev.tokenkit.store.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline (a poll loop, never a sleep racing a deadline). */
final class Await {
    private Await() {
    }

    static void until(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        until(() -> what, deadline, condition);
    }

    static void until(Supplier<String> what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what.get());
            }
            Thread.sleep(10);
        }
    }
}
