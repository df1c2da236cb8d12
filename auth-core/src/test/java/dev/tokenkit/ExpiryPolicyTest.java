package dev.tokenkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.internal.TokenSchedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schedule arithmetic of {@link ExpiryPolicy} for the token lifetimes tokenkit meets. */
class ExpiryPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The default policy with the jitter pinned to its middle (refresh at exactly 80 %). */
    private static final ExpiryPolicy MIDDLE = ExpiryPolicy.builder().random(() -> 0.5).build();

    private static TokenSchedule schedule(ExpiryPolicy policy, Duration lifetime) {
        return Schedules.of(policy, AccessToken.builder("t").issuedAt(T0).expiresIn(lifetime).build(), T0);
    }

    private static void check(Duration lifetime, Duration effectiveAfter, Duration refreshAfter) {
        TokenSchedule s = schedule(MIDDLE, lifetime);
        assertThat(s.expiresAt()).isEqualTo(T0.plus(lifetime));
        assertThat(s.effectiveExpiresAt()).isEqualTo(T0.plus(effectiveAfter));
        assertThat(s.refreshAt()).isEqualTo(T0.plus(refreshAfter));
        assertThat(s.refreshAt()).as("the refresh starts before the token stops being handed out")
                .isBefore(s.effectiveExpiresAt());
    }

    @Test
    @DisplayName("24 h (Symbl): 30 s skew, refresh after 19 h 12 min")
    void day() {
        check(Duration.ofHours(24), Duration.ofHours(24).minusSeconds(30), Duration.ofHours(19).plusMinutes(12));
    }

    @Test
    @DisplayName("100 min (SingleView): 30 s skew, refresh after 80 min")
    void hundredMinutes() {
        check(Duration.ofMinutes(100), Duration.ofMinutes(100).minusSeconds(30), Duration.ofMinutes(80));
    }

    @Test
    @DisplayName("60 s: skew capped at 10 % (6 s), refresh after 48 s")
    void minute() {
        check(Duration.ofSeconds(60), Duration.ofSeconds(54), Duration.ofSeconds(48));
    }

    /** A policy with the jitter pinned and no refresh floor, to see the refresh-ahead point alone. */
    private static final ExpiryPolicy NO_FLOOR = ExpiryPolicy.builder().random(() -> 0.5)
            .minRefreshInterval(Duration.ZERO).build();

    @Test
    @DisplayName("5 s: skew 0.5 s; 80 % (4 s) would leave 0.5 s to fetch, so the refresh moves to keep half the usable"
            + " life (2.25 s) as its window, scaled for jitter: 2.117 s (without the 10 s floor)")
    void fiveSeconds() {
        TokenSchedule s = schedule(NO_FLOOR, Duration.ofSeconds(5));
        assertThat(s.effectiveExpiresAt()).isEqualTo(T0.plusMillis(4500));
        assertThat(s.refreshAt()).isEqualTo(T0.plusMillis(2117));
    }

    @Test
    @DisplayName("the refresh keeps a 5 s window (or half the usable life) before the effective expiry")
    void refreshWindow() {
        check(Duration.ofSeconds(60), Duration.ofSeconds(54), Duration.ofSeconds(48)); // 6 s window: unchanged
        check(Duration.ofSeconds(20), Duration.ofSeconds(18), Duration.ofMillis(12_235)); // 13 s × 0.8 / 0.85
        assertThat(schedule(NO_FLOOR, Duration.ofSeconds(3)).refreshAt()).as("1.35 s window, not 0.3 s")
                .isEqualTo(T0.plusMillis(1_270));
    }

    @Test
    @DisplayName("the 10 s floor is never waived: a token shorter-lived than it gets no refresh ahead at all")
    void floorNeverWaived() {
        check(Duration.ofMillis(11_500), Duration.ofMillis(10_350), Duration.ofSeconds(10)); // ahead would be 5.035 s
        for (Duration shortLived : new Duration[] {Duration.ofSeconds(11), Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofMillis(50)}) {
            TokenSchedule s = schedule(MIDDLE, shortLived);
            assertThat(s.refreshAt()).as("%s", shortLived).isEqualTo(T0.plusSeconds(10));
            assertThat(s.refreshesAhead()).as("%s", shortLived).isFalse();
        }
    }

    @Test
    @DisplayName("a token adopted later in its life keeps the schedule of its issue; the floor counts from receipt")
    void adoptedKeepsItsSchedule() {
        AccessToken issued = AccessToken.builder("t").issuedAt(T0).expiresIn(Duration.ofMinutes(10)).build();
        TokenSchedule atIssue = Schedules.of(MIDDLE, issued, T0);
        TokenSchedule later = Schedules.of(MIDDLE, issued, T0.plus(Duration.ofMinutes(7)));
        assertThat(later.effectiveExpiresAt()).isEqualTo(atIssue.effectiveExpiresAt());
        assertThat(later.refreshAt()).isEqualTo(atIssue.refreshAt()); // 8 min: after 7 min + 10 s
        TokenSchedule late = Schedules.of(MIDDLE, issued, T0.plus(Duration.ofMinutes(9)));
        assertThat(late.refreshAt()).as("the floor from receipt").isEqualTo(T0.plus(Duration.ofMinutes(9)).plusSeconds(10));
    }

    @Test
    @DisplayName("the window is configurable, and zero restores the plain refresh-ahead fraction")
    void windowConfigurable() {
        ExpiryPolicy none = ExpiryPolicy.builder().random(() -> 0.5).minRefreshWindow(Duration.ZERO)
                .minRefreshInterval(Duration.ZERO).build();
        assertThat(schedule(none, Duration.ofSeconds(5)).refreshAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(ExpiryPolicy.defaults().minRefreshWindow()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("jitter spreads the refresh over 75 %..85 % of the lifetime")
    void jitterRange() {
        Duration day = Duration.ofHours(24);
        assertThat(schedule(ExpiryPolicy.builder().random(() -> 0.0).build(), day).refreshAt())
                .isEqualTo(T0.plus(Duration.ofMinutes(18 * 60)));
        assertThat(schedule(ExpiryPolicy.builder().random(() -> 0.999_999_999).build(), day).refreshAt())
                .isBetween(T0.plus(Duration.ofMinutes(20 * 60 + 24)).minusSeconds(1), T0.plus(Duration.ofMinutes(20 * 60 + 24)));
    }

    @Test
    @DisplayName("no lifetime and no JWT: the default lifetime, 5 minutes")
    void defaultLifetime() {
        TokenSchedule s = Schedules.of(MIDDLE, AccessToken.builder("t").issuedAt(T0).build(), T0);
        assertThat(s.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(s.effectiveExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)).minusSeconds(30));
        assertThat(s.refreshAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(ExpiryPolicy.defaults().defaultLifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("an expiry beyond epoch milliseconds (Instant.MAX) is clamped instead of overflowing")
    void saturatedExpiry() {
        AccessToken forever = AccessToken.builder("t").issuedAt(T0).expiresIn(Duration.ofSeconds(Long.MAX_VALUE)).build();
        assertThat(forever.expiresAt()).contains(Instant.MAX);
        TokenSchedule s = Schedules.of(MIDDLE, forever, T0);
        assertThat(s.refreshAt()).isAfter(T0.plus(Duration.ofDays(365 * 1000L)));
        assertThat(s.refreshAt()).isBefore(s.effectiveExpiresAt());
        s.effectiveExpiresAt().toEpochMilli(); // does not overflow
    }

    @Test
    @DisplayName("defaults, and a refresh point that could reach the effective expiry is refused")
    void defaultsAndValidation() {
        ExpiryPolicy d = ExpiryPolicy.defaults();
        assertThat(d.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.refreshAt()).isEqualTo(0.8);
        assertThat(d.jitter()).isEqualTo(0.05);
        assertThat(d.minRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> ExpiryPolicy.builder().refreshAt(0.9).jitter(0.05).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshAt + jitter");
    }
}
