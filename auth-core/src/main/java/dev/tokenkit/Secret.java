package dev.tokenkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (an app secret, a client code). {@link #toString()} is redacted; only
 * {@link #reveal()} returns the value, so a secret that reaches a log line or an exception
 * message by accident shows as {@code ****}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret, not {@code null}
     * @return the wrapped secret
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret value"));
    }

    /**
     * Returns the secret value. Call it only where the value is sent to its destination.
     *
     * @return the value
     */
    public String reveal() {
        return value;
    }

    /**
     * Whether the secret is the empty string.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Compares in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    /** A constant: a hash code must not reveal anything about the value. */
    @Override
    public int hashCode() {
        return 0x5ec12e7;
    }

    /** Always {@code ****}. */
    @Override
    public String toString() {
        return "****";
    }
}
