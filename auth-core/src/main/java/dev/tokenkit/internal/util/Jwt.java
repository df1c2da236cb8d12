package dev.tokenkit.internal.util;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the {@code exp} claim of a JWT without verifying its signature. Tolerant: anything
 * that is not a well-formed JWT with a numeric {@code exp} yields empty, never an exception.
 */
public final class Jwt {
    /** Larger payloads are not decoded (a token is a few KB at most). */
    private static final int MAX_PAYLOAD_CHARS = 16 * 1024;
    /** 9999-12-31: later {@code exp} values are clamped. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private Jwt() {
    }

    /** The {@code exp} claim of a JWT, if the value is one and has it. */
    public static Optional<Instant> expiry(String token) {
        int first = token.indexOf('.');
        if (first <= 0) {
            return Optional.empty();
        }
        int second = token.indexOf('.', first + 1);
        if (second < 0 || second - first - 1 > MAX_PAYLOAD_CHARS || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(stripPadding(token.substring(first + 1, second)));
            JsonObject claims = Json.parseObjectOrNull(payload);
            if (claims == null) {
                return Optional.empty();
            }
            JsonValue exp = claims.get("exp");
            if (!(exp instanceof JsonNumber n)) {
                return Optional.empty();
            }
            BigDecimal seconds = n.bigDecimalValue();
            if (seconds.signum() < 0) {
                return Optional.of(Instant.EPOCH);
            }
            if (seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
                return Optional.of(Instant.ofEpochSecond(MAX_EPOCH_SECOND));
            }
            return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }
}
