package dev.tokenkit.emulators;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a demo observed of one token it fetched from an emulator, as plain values, for
 * {@link EmulatedVendor}'s demo hooks: when it arrived, when it expires (as the client decided),
 * its JWT {@code iat} and {@code exp} claims if it is a JWT, and whether it is the same token as
 * the demo's first. Never the token's value.
 *
 * @param receivedAt  when the client had it
 * @param expiresAt   its expiry, as the client decided it
 * @param jwtIssuedAt its JWT {@code iat} claim, if any
 * @param jwtExpiry   its JWT {@code exp} claim, if any
 * @param sameAsFirst whether its value is the first token's (always for the first)
 */
public record DemoToken(Instant receivedAt, Instant expiresAt, Optional<Instant> jwtIssuedAt,
                        Optional<Instant> jwtExpiry, boolean sameAsFirst) {
    /**
     * Checks the components.
     *
     * @param receivedAt  not null
     * @param expiresAt   not null
     * @param jwtIssuedAt not null
     * @param jwtExpiry   not null
     * @param sameAsFirst whether the same token as the first
     */
    public DemoToken {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(jwtIssuedAt, "jwtIssuedAt");
        Objects.requireNonNull(jwtExpiry, "jwtExpiry");
    }

    /**
     * Whole seconds from arrival to expiry: the lifetime the token had left when it arrived.
     *
     * @return the seconds
     */
    public long secondsLeft() {
        return Duration.between(receivedAt, expiresAt).getSeconds();
    }
}
