package dev.tokenkit;

import dev.tokenkit.internal.TokenSchedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine asks of an {@link ExpiryPolicy} about one token: its schedule with a fresh jitter
 * draw, its expiry filled in, and whether it may be used at all. The rule itself is
 * {@link TokenSchedule}'s; the policy only holds the knobs.
 */
final class Schedules {
    private Schedules() {
    }

    /** The schedule of a token received at {@code receivedAt}, with a fresh jitter draw. */
    static TokenSchedule of(ExpiryPolicy policy, AccessToken token, Instant receivedAt) {
        return TokenSchedule.of(policy, token, receivedAt, policy.draw());
    }

    /**
     * The token with its expiry filled in: as declared (or from its JWT), else the policy's
     * {@link ExpiryPolicy#defaultLifetime()} from {@code receivedAt}; clamped to what epoch
     * milliseconds hold.
     */
    static AccessToken withExpiry(ExpiryPolicy policy, AccessToken token, Instant receivedAt) {
        Instant expiresAt = TokenSchedule.expiresAt(policy, token, receivedAt);
        return token.expiresAt().filter(expiresAt::equals).isPresent() ? token : token.withExpiresAt(expiresAt);
    }

    /**
     * Why a token received at {@code receivedAt} with this schedule must not be used, or
     * {@code null} when it may: its lifetime is below the policy's minimum usable lifetime, or it
     * expires within the clock-skew margin.
     */
    static String unusable(ExpiryPolicy policy, TokenSchedule s, Instant receivedAt) {
        Duration lifetime = Duration.between(receivedAt, s.expiresAt());
        Duration minimum = policy.minUsableLifetime();
        if (lifetime.compareTo(minimum) < 0) {
            return "the token endpoint issued a token that lives " + lifetime.toMillis() + " ms, less than the"
                    + " minimum usable lifetime of " + minimum.toMillis() + " ms (ExpiryPolicy.minUsableLifetime)";
        }
        if (!receivedAt.isBefore(s.effectiveExpiresAt())) {
            return "the token endpoint issued a token that expires within the clock-skew margin (expires "
                    + s.expiresAt() + ", now " + receivedAt + ")";
        }
        return null;
    }
}
