package dev.tokenkit.internal;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;

import java.time.Instant;

/**
 * The schedule of one token under an {@link ExpiryPolicy}, by the rule its class Javadoc states:
 * the one implementation of that rule, for the engine and (exported to it alone) the CLI's demo.
 *
 * @param expiresAt          when the token expires (declared, JWT or default)
 * @param effectiveExpiresAt when it stops being handed out (expiry minus skew)
 * @param refreshAt          when its background refresh is due; at or after
 *                           {@code effectiveExpiresAt} when the token lives shorter than the
 *                           minimum refresh interval, and then it gets no refresh ahead
 */
public record TokenSchedule(Instant expiresAt, Instant effectiveExpiresAt, Instant refreshAt) {
    /** The latest expiry the schedule works with (far beyond any real token; fits epoch millis). */
    private static final Instant MAX_EXPIRY = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

    /**
     * Computes the schedule of a token received at {@code receivedAt}. Its lifetime counts from
     * its {@linkplain AccessToken#issuedAt() issue} (or from {@code receivedAt}, if that is
     * earlier), so that a token adopted from a shared store later in its life keeps the schedule
     * it had when it was issued; the refresh floor counts from {@code receivedAt}.
     *
     * @param policy     the policy
     * @param token      the token
     * @param receivedAt when it was received
     * @param draw       the jitter draw, in [0, 1): 0 gives the earliest refresh point, 0.5
     *                   {@code refreshAt} itself, values near 1 the latest
     * @return its expiry, effective expiry and refresh point
     */
    public static TokenSchedule of(ExpiryPolicy policy, AccessToken token, Instant receivedAt, double draw) {
        Instant expiresAt = expiresAt(policy, token, receivedAt);
        Instant t0 = token.issuedAt().isBefore(receivedAt) ? token.issuedAt() : receivedAt;
        long lifetimeMs = Math.max(0, expiresAt.toEpochMilli() - t0.toEpochMilli());
        long skewMs = Math.min(policy.clockSkew().toMillis(), (long) (lifetimeMs * policy.maxSkewFraction()));
        Instant effective = expiresAt.minusMillis(skewMs);
        double f = policy.refreshAt() + policy.jitter() * (2 * draw - 1);
        long usableMs = lifetimeMs - skewMs;
        long latestMs = usableMs - Math.min(policy.minRefreshWindow().toMillis(), usableMs / 2);
        long aheadMs = (long) (lifetimeMs * f);
        if (aheadMs > latestMs) {
            // Too little time would remain to fetch before the token stops being handed out:
            // refresh earlier, scaled so that the jitter still spreads a fleet out.
            aheadMs = (long) (latestMs * f / (policy.refreshAt() + policy.jitter()));
        }
        // the floor, never waived: it bounds the background request rate whatever the lifetimes
        Instant ahead = t0.plusMillis(aheadMs);
        Instant floor = receivedAt.plus(policy.minRefreshInterval());
        return new TokenSchedule(expiresAt, effective, ahead.isAfter(floor) ? ahead : floor);
    }

    /**
     * When a token received at {@code receivedAt} expires: as declared (or from its JWT), else
     * the policy's {@link ExpiryPolicy#defaultLifetime()} from {@code receivedAt}; clamped to what
     * epoch milliseconds hold, so that the schedule's arithmetic cannot overflow (e.g. on
     * {@code Instant.MAX} from a saturated lifetime).
     *
     * @param policy     the policy
     * @param token      the token
     * @param receivedAt when it was received
     * @return its expiry
     */
    public static Instant expiresAt(ExpiryPolicy policy, AccessToken token, Instant receivedAt) {
        Instant expiresAt = token.expiresAt().orElseGet(() -> receivedAt.plus(policy.defaultLifetime()));
        return expiresAt.isAfter(MAX_EXPIRY) ? MAX_EXPIRY : expiresAt;
    }

    /**
     * Whether the token is refreshed in the background before it stops being handed out.
     *
     * @return {@code true} when the refresh point comes before the effective expiry
     */
    public boolean refreshesAhead() {
        return refreshAt.isBefore(effectiveExpiresAt);
    }
}
