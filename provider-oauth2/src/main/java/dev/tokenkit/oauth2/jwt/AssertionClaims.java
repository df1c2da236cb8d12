package dev.tokenkit.oauth2.jwt;

import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of RFC 7523 assertions (§3): {@code iss}, {@code sub}, {@code aud}, {@code iat},
 * {@code exp} = {@code iat} + lifetime, a fresh random {@code jti} for every assertion,
 * {@code nbf} = {@code iat} when asked, and extra claims. Immutable; {@link #at(Instant)} makes
 * the claims of one assertion.
 */
public final class AssertionClaims {
    /** The claims this class sets itself; extra claims may not name them. */
    public static final Set<String> REGISTERED = Set.of(JWTClaimNames.ISSUER, JWTClaimNames.SUBJECT,
            JWTClaimNames.AUDIENCE, JWTClaimNames.ISSUED_AT, JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.JWT_ID,
            JWTClaimNames.NOT_BEFORE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final String subject;
    private final String audience;
    private final Duration lifetime;
    private final boolean notBefore;
    private final Map<String, Object> extra;

    private AssertionClaims(Builder b) {
        this.issuer = b.issuer;
        this.subject = b.subject;
        this.audience = b.audience;
        this.lifetime = b.lifetime;
        this.notBefore = b.notBefore;
        this.extra = Map.copyOf(b.extra);
    }

    /**
     * Starts the claims of a client's assertions: {@code iss} and {@code sub} are the client id
     * (RFC 7523 §3 for client authentication), the lifetime 60 seconds, no {@code nbf}.
     *
     * @param issuer   {@code iss} (and {@code sub} unless set otherwise)
     * @param audience {@code aud}: the token endpoint or the issuer identifier
     * @return a builder
     */
    public static Builder builder(String issuer, String audience) {
        return new Builder(issuer, audience);
    }

    /**
     * The claims of one assertion issued now, with a fresh {@code jti} (128 random bits).
     *
     * @param now the current time (the injected clock's)
     * @return the claims
     */
    public JWTClaimsSet at(Instant now) {
        Date issued = Date.from(now);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        extra.forEach(claims::claim);
        claims.issuer(issuer).subject(subject).audience(audience).issueTime(issued)
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(freshId());
        if (notBefore) {
            claims.notBeforeTime(issued);
        }
        return claims.build();
    }

    /**
     * The lifetime of each assertion.
     *
     * @return {@code exp} - {@code iat}
     */
    public Duration lifetime() {
        return lifetime;
    }

    /** The claims' names and the non-secret values: iss, sub, aud, lifetime, nbf, extra names. */
    @Override
    public String toString() {
        return "AssertionClaims[iss=" + issuer + ", sub=" + subject + ", aud=" + audience + ", lifetime=" + lifetime
                + (notBefore ? ", nbf" : "") + (extra.isEmpty() ? "" : ", extra=" + extra.keySet()) + "]";
    }

    private static String freshId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Builds {@link AssertionClaims}. */
    public static final class Builder {
        private final String issuer;
        private final String audience;
        private String subject;
        private Duration lifetime = Duration.ofSeconds(60);
        private boolean notBefore;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder(String issuer, String audience) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.audience = Objects.requireNonNull(audience, "audience");
            this.subject = issuer;
        }

        /**
         * Sets {@code sub} (the issuer by default).
         *
         * @param subject the subject
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /**
         * Sets the lifetime: {@code exp} = {@code iat} + lifetime.
         *
         * @param lifetime positive, whole seconds count (JWT times are seconds)
         * @return this builder
         * @throws IllegalArgumentException when not at least one second
         */
        public Builder lifetime(Duration lifetime) {
            if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("an assertion's lifetime is at least 1 second, not " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /**
         * Whether to send {@code nbf} = {@code iat}.
         *
         * @param send {@code true} to send it
         * @return this builder
         */
        public Builder notBefore(boolean send) {
            this.notBefore = send;
            return this;
        }

        /**
         * Adds claims (strings, numbers, booleans, lists, maps).
         *
         * @param claims names to values; none of {@link #REGISTERED}
         * @return this builder
         * @throws IllegalArgumentException when a name is one this class sets
         */
        public Builder extra(Map<String, ?> claims) {
            List<String> taken = claims.keySet().stream().filter(REGISTERED::contains).sorted().toList();
            if (!taken.isEmpty()) {
                throw new IllegalArgumentException("extra claims " + taken + " are set by tokenkit itself (iss, sub,"
                        + " aud, iat, exp, jti, nbf); remove them and use the options that set them");
            }
            extra.putAll(claims);
            return this;
        }

        /**
         * Builds the claims.
         *
         * @return the claims
         */
        public AssertionClaims build() {
            return new AssertionClaims(this);
        }
    }
}
