package dev.tokenkit.spi;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads fields of a token endpoint's JSON answer strictly. Every method throws
 * {@link IllegalArgumentException} with a message naming the field (never quoting a token);
 * {@link JsonTokenProvider} turns it into a {@link dev.tokenkit.MalformedResponseException}.
 */
public final class JsonFields {
    /** Lifetimes above this are absurd for an access token and rejected: 366 days. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX_LIFETIME.getSeconds());
    private static final BigDecimal MIN_SECONDS = new BigDecimal("0.001");

    private JsonFields() {
    }

    /**
     * A required, non-empty string field.
     *
     * @param object the JSON object
     * @param field  the field name
     * @return the value
     * @throws IllegalArgumentException when missing, not a string or empty
     */
    public static String requireString(JsonObject object, String field) {
        JsonValue v = object.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException("field '" + field + "' is not a string (found " + kind(v) + ")");
        }
        if (s.getString().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is empty");
        }
        return s.getString();
    }

    /**
     * An optional string field.
     *
     * @param object the JSON object
     * @param field  the field name
     * @return the value; empty when missing or {@code null}
     * @throws IllegalArgumentException when present but not a string
     */
    public static Optional<String> optionalString(JsonObject object, String field) {
        JsonValue v = object.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException("field '" + field + "' is not a string (found " + kind(v) + ")");
        }
        return Optional.of(s.getString());
    }

    /**
     * A lifetime in seconds, given as a JSON number or a string of digits ({@code 86400},
     * {@code "6000"}). A missing or {@code null} field is empty (the expiry policy then
     * applies its rule); zero, negative, non-numeric, non-finite or absurd values (over
     * {@link #MAX_LIFETIME}) are errors, never silently replaced.
     *
     * @param object the JSON object
     * @param field  the field name
     * @return the lifetime, empty when not given
     * @throws IllegalArgumentException when present but invalid
     */
    public static Optional<Duration> lifetime(JsonObject object, String field) {
        JsonValue v = object.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        BigDecimal seconds;
        if (v instanceof JsonNumber n) {
            try {
                seconds = n.bigDecimalValue();
            } catch (RuntimeException e) {
                throw invalidLifetime(field, "is a number out of range");
            }
        } else if (v instanceof JsonString s) {
            String text = s.getString().trim();
            if (!isDecimal(text)) {
                throw invalidLifetime(field, "is not a number of seconds");
            }
            seconds = new BigDecimal(text);
        } else {
            throw invalidLifetime(field, "is not a number (found " + kind(v) + ")");
        }
        if (seconds.signum() <= 0) {
            throw invalidLifetime(field, seconds.signum() == 0 ? "is zero" : "is negative");
        }
        if (seconds.compareTo(MAX_SECONDS) > 0) {
            throw invalidLifetime(field, "is longer than " + MAX_LIFETIME.toDays() + " days");
        }
        // Compared before rounding: rounding 1e-30000000 to whole milliseconds costs BigDecimal
        // tens of seconds of CPU (it computes 10^30000000), while the comparison is cheap.
        if (seconds.compareTo(MIN_SECONDS) < 0) {
            throw invalidLifetime(field, "is shorter than a millisecond");
        }
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
        return Optional.of(Duration.ofMillis(millis));
    }

    private static IllegalArgumentException invalidLifetime(String field, String why) {
        return new IllegalArgumentException("lifetime field '" + field + "' " + why
                + "; expected a positive number of seconds up to " + MAX_LIFETIME.getSeconds());
    }

    private static String kind(JsonValue v) {
        return v.getValueType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code [+-]?\d{1,30}(\.\d{1,9})?}, checked in one pass without a regular expression. */
    private static boolean isDecimal(String text) {
        int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        int dot = text.indexOf('.', i);
        int intEnd = dot < 0 ? text.length() : dot;
        return digits(text, i, intEnd, 30) && (dot < 0 || digits(text, dot + 1, text.length(), 9));
    }

    private static boolean digits(String text, int from, int to, int max) {
        if (to - from < 1 || to - from > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
