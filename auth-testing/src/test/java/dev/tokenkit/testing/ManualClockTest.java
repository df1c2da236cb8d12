package dev.tokenkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    @DisplayName("starts at a fixed instant so every run prints the same times")
    void fixedStart() {
        assertThat(ManualClock.create().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ManualClock.at(Instant.EPOCH).instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    @DisplayName("stands still until advanced, and advance returns the new instant")
    void advance() {
        ManualClock clock = ManualClock.create();
        Instant start = clock.instant();

        assertThat(clock.instant()).isEqualTo(start);
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(start.plusSeconds(90));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(start.plusSeconds(90).toEpochMilli());
    }

    @Test
    @DisplayName("refuses to advance backwards but can be set back on purpose")
    void backwards() {
        ManualClock clock = ManualClock.create();

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set(Instant)");
        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    @DisplayName("a Clock view follows the manual clock")
    void clockView() {
        ManualClock manual = ManualClock.create();
        Clock clock = manual.withZone(ZoneOffset.UTC);

        manual.advance(Duration.ofMinutes(5));

        assertThat(clock.instant()).isEqualTo(manual.instant());
    }

    @Test
    @DisplayName("concurrent advances are not lost")
    void concurrentAdvance() throws Exception {
        ManualClock clock = ManualClock.create();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 1_000; j++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(4));
    }
}
