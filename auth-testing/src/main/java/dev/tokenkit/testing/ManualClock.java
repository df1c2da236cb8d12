package dev.tokenkit.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link InstantSource} that stands still until the test moves it. Thread-safe: any thread
 * may read it while the test thread moves it.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();          // 2026-01-01T00:00:00Z
 * // hand the clock to the code under test as its InstantSource, then:
 * clock.advance(Duration.ofMinutes(55));              // 2026-01-01T00:55:00Z
 * }</pre>
 *
 * <p>Moving the clock runs nothing by itself; to run tasks that fall due, move time with
 * {@link ManualScheduler#advance(Duration)} instead. {@link #withZone(java.time.ZoneId)} gives a
 * {@link java.time.Clock} view that follows this clock.
 */
public final class ManualClock implements InstantSource {

    /** Where {@link #create()} starts: {@code 2026-01-01T00:00:00Z}. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /**
     * A clock at {@link #DEFAULT_START}, so that test output is the same on every run.
     *
     * @return a new clock
     */
    public static ManualClock create() {
        return new ManualClock(DEFAULT_START);
    }

    /**
     * A clock at the given instant.
     *
     * @param start the initial instant
     * @return a new clock
     */
    public static ManualClock at(Instant start) {
        return new ManualClock(start);
    }

    /**
     * The current instant of this clock.
     *
     * @return the instant last set, never {@code null}
     */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero is allowed
     * @return the new instant
     * @throws IllegalArgumentException if {@code duration} is negative (use {@link #set(Instant)}
     *                                  to move the clock back on purpose)
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("ManualClock: cannot advance by a negative duration ("
                    + duration + "); use set(Instant) to move the clock back on purpose");
        }
        return now.updateAndGet(current -> current.plus(duration));
    }

    /**
     * Sets the clock to any instant, including one in the past (to test a clock that jumps
     * back).
     *
     * @param instant the new instant
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * The current instant, for test failure messages.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
