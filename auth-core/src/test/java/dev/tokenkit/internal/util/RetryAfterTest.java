package dev.tokenkit.internal.util;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RetryAfter")
class RetryAfterTest {
    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    @DisplayName("delay-seconds are read as seconds")
    void seconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    @DisplayName("an HTTP-date is read relative to now")
    void httpDateValue() {
        assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(90)), NOW)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Sat, 01 Jun 2030 12:01:00 GMT", NOW)).contains(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("an HTTP-date in the past means no delay")
    void pastDate() {
        assertThat(RetryAfter.parse(httpDate(NOW.minusSeconds(3600)), NOW)).contains(Duration.ZERO);
    }

    @Test
    @DisplayName("huge values are clamped to a day")
    void clamped() {
        assertThat(RetryAfter.parse("999999999999999999999999", NOW)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse("172800", NOW)).contains(Duration.ofDays(1));
        assertThat(RetryAfter.parse(httpDate(NOW.plus(Duration.ofDays(30))), NOW)).contains(Duration.ofDays(1));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "  ", "soon", "-5", "1.5", "12s", "Tomorrow, 99 Foo 2030", "+3"})
    @DisplayName("unreadable values are empty, never an exception")
    void unreadable(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }

    @Test
    @DisplayName("absent and overlong values are empty")
    void absent() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("1".repeat(65), NOW)).isEmpty();
    }
}
