package dev.tokenkit;

import dev.tokenkit.internal.util.Fingerprints;
import dev.tokenkit.internal.util.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token issued by a provider: its value, type, when it was issued and when it
 * expires.
 *
 * <p>When the value is a JWT with an {@code exp} claim, {@link #expiresAt()} is the earlier
 * of the lifetime the token endpoint declared and that claim (read without verifying the
 * signature). A token handed out by a {@link TokenSource} always carries an expiry.
 *
 * <p>{@link #toString()} shows a {@linkplain #fingerprint() fingerprint}, never the value.
 * Values containing whitespace, control characters or non-ASCII characters are rejected:
 * they would corrupt or inject HTTP headers downstream.
 */
public final class AccessToken {
    /** The default token type, used when the token endpoint names none. */
    public static final String BEARER = "Bearer";

    private final String value;
    private final String type;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String authorizationHeader;

    private AccessToken(String value, String type, Instant issuedAt, Instant expiresAt) {
        this.value = value;
        this.type = type;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.authorizationHeader = type + ' ' + value;
    }

    /**
     * Starts building a token.
     *
     * @param value the token value
     * @return a builder
     */
    public static Builder builder(String value) {
        return new Builder(value);
    }

    /**
     * The token value, as sent in the {@code Authorization} header.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * The token type, {@code Bearer} unless the endpoint said otherwise.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * When the token was received.
     *
     * @return the issue instant
     */
    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * When the token expires: the earliest of the declared lifetime and the JWT {@code exp}
     * claim. Empty only for a token from a raw {@link TokenProvider} whose endpoint declared no
     * lifetime and that is not a JWT with {@code exp}; a {@link TokenSource} then applies its
     * {@link ExpiryPolicy}'s default lifetime.
     *
     * @return the expiry instant, if known
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * The value of an HTTP {@code Authorization} header carrying this token, e.g.
     * {@code Bearer eyJ...}. Computed once.
     *
     * @return the header value
     */
    public String authorizationHeader() {
        return authorizationHeader;
    }

    /**
     * A short, stable, non-reversible identifier of the value ({@code sha256:} and the first 8
     * hex digits of its SHA-256), safe for logs.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return Fingerprints.of(value);
    }

    /**
     * Whether the token is expired at the given instant (at or after {@link #expiresAt()}).
     * A token without a known expiry is never expired by this test.
     *
     * @param now the instant to test
     * @return {@code true} when expired
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Returns a copy with a different expiry.
     *
     * @param newExpiresAt the expiry of the copy
     * @return the copy
     */
    public AccessToken withExpiresAt(Instant newExpiresAt) {
        return new AccessToken(value, type, issuedAt, Objects.requireNonNull(newExpiresAt, "expiresAt"));
    }

    /**
     * Whether the other token has the same value (whatever its metadata).
     *
     * @param other another token, may be {@code null}
     * @return {@code true} when both carry the same value
     */
    public boolean sameValueAs(AccessToken other) {
        return other != null && value.equals(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken t && value.equals(t.value) && type.equals(t.type)
                && issuedAt.equals(t.issuedAt) && Objects.equals(expiresAt, t.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, type, issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[type=" + type + ", fingerprint=" + fingerprint() + ", issuedAt=" + issuedAt
                + ", expiresAt=" + (expiresAt == null ? "unknown" : expiresAt) + "]";
    }

    /**
     * Builds an {@link AccessToken}. {@link #build()} validates the value and applies the JWT
     * {@code exp} claim.
     */
    public static final class Builder {
        private final String value;
        private String type = BEARER;
        private Instant issuedAt;
        private Instant expiresAt;
        private Duration expiresIn;

        private Builder(String value) {
            this.value = value;
        }

        /**
         * Sets the token type; {@code null} or blank keeps {@code Bearer}, and any casing of
         * "bearer" is normalised to {@code Bearer}.
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(String type) {
            if (type != null && !type.isBlank()) {
                this.type = type.equalsIgnoreCase(BEARER) ? BEARER : type;
            }
            return this;
        }

        /**
         * Sets when the token was issued (received).
         *
         * @param issuedAt the instant
         * @return this builder
         */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /**
         * Sets the declared expiry instant.
         *
         * @param expiresAt the instant, or {@code null} when not declared
         * @return this builder
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            this.expiresIn = null;
            return this;
        }

        /**
         * Sets the declared lifetime, counted from {@link #issuedAt(Instant)}.
         *
         * @param expiresIn the lifetime, or {@code null} when not declared
         * @return this builder
         */
        public Builder expiresIn(Duration expiresIn) {
            this.expiresIn = expiresIn;
            this.expiresAt = null;
            return this;
        }

        /**
         * Validates and builds the token.
         *
         * @return the token
         * @throws IllegalArgumentException when the value is empty or holds whitespace,
         *                                  control or non-ASCII characters, or the type is
         *                                  invalid; the message never quotes the value
         */
        public AccessToken build() {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the token value is empty");
            }
            checkHeaderSafe(value, "token value");
            checkHeaderSafe(type, "token type");
            Instant issued = issuedAt == null ? Instant.now() : issuedAt;
            Instant declared = expiresAt;
            if (expiresIn != null) {
                declared = plusSaturating(issued, expiresIn);
            }
            Instant jwtExp = Jwt.expiry(value).orElse(null);
            Instant effective = declared == null ? jwtExp
                    : jwtExp == null ? declared
                    : (jwtExp.isBefore(declared) ? jwtExp : declared);
            return new AccessToken(value, type, issued, effective);
        }

        private static Instant plusSaturating(Instant start, Duration d) {
            try {
                return start.plus(d);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                return Instant.MAX;
            }
        }

        private static void checkHeaderSafe(String s, String what) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    throw new IllegalArgumentException("the " + what + " contains a whitespace, control or"
                            + " non-ASCII character at index " + i + "; it cannot be sent in an HTTP header");
                }
            }
        }
    }
}
