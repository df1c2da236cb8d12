package dev.tokenkit;


import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When a cached token stops being handed out and when its background refresh starts.
 *
 * <p>For a token issued at {@code t0} (for a token just fetched: when it was received) whose expiry is {@code exp} (the earliest of the declared
 * lifetime and the JWT {@code exp} claim, or {@code t0 +} {@link #defaultLifetime()} when neither
 * exists), with lifetime {@code L = exp - t0}:
 * <ul>
 *   <li><b>effective expiry</b> = {@code exp - skew}, where {@code skew = min(clockSkew,
 *       L × maxSkewFraction)}: a fixed margin for long tokens that never swallows a short one;</li>
 *   <li><b>refresh due</b> = {@code t0 + L × f}, {@code f} drawn uniformly from
 *       {@code refreshAt ± jitter};</li>
 *   <li>but at least a <b>refresh window</b> of {@code min(minRefreshWindow, U / 2)} before the
 *       effective expiry, where {@code U} is the usable life {@code effective expiry - t0}: when
 *       {@code L × f} would leave less, the refresh point is scaled down to
 *       {@code (U - window) × f / (refreshAt + jitter)}, which keeps the jitter. A vendor slower
 *       than the window makes callers wait at the expiry boundary, so short tokens refresh
 *       earlier in their life rather than too late;</li>
 *   <li>and never before {@code t0 + minRefreshInterval}: a floor that is never waived, so that
 *       an endpoint answering with ever shorter lifetimes cannot drive a source into a request
 *       storm. A token that lives shorter than the floor gets no refresh ahead: the first caller
 *       after its expiry fetches the next one;</li>
 *   <li>a token whose lifetime is below {@link #minUsableLifetime()} (default 1 s) is not used
 *       at all: the source reports a {@link MalformedResponseException} and waits out its failure
 *       cool-down before asking again.</li>
 * </ul>
 * The defaults (clock skew 30 s capped at 10 % of the lifetime, refresh at 80 % ± 5 %, a 5 s
 * window, at least 10 s between refreshes, 5 minutes when no lifetime is known, 1 s of usable
 * lifetime at least) suit a 24 h Symbl token (refresh after about 19 h 12 min, 30 s margin), a
 * 100-minute SingleView token (refresh after about 80 min) and a 60 s token (refresh after about
 * 48 s, 6 s margin, at least 5 s of window); a 3 s token is used until it expires and then fetched
 * again by the next caller. {@code docs/lifecycle.md} gives the reasoning.
 */
public final class ExpiryPolicy {
    private static final ExpiryPolicy DEFAULTS = builder().build();

    private final Duration clockSkew;
    private final double maxSkewFraction;
    private final double refreshAt;
    private final double jitter;
    private final Duration minRefreshInterval;
    private final Duration minRefreshWindow;
    private final Duration defaultLifetime;
    private final Duration minUsableLifetime;
    private final DoubleSupplier random;

    private ExpiryPolicy(Builder b) {
        this.clockSkew = b.clockSkew;
        this.maxSkewFraction = b.maxSkewFraction;
        this.refreshAt = b.refreshAt;
        this.jitter = b.jitter;
        this.minRefreshInterval = b.minRefreshInterval;
        this.minRefreshWindow = b.minRefreshWindow;
        this.defaultLifetime = b.defaultLifetime;
        this.minUsableLifetime = b.minUsableLifetime;
        this.random = b.random;
    }

    /**
     * The default policy.
     *
     * @return the defaults
     */
    public static ExpiryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The clock-skew margin for long-lived tokens.
     *
     * @return the margin
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * The cap on the clock-skew margin, as a fraction of the token's lifetime.
     *
     * @return the fraction
     */
    public double maxSkewFraction() {
        return maxSkewFraction;
    }

    /**
     * The refresh-ahead point as a fraction of the lifetime.
     *
     * @return the fraction
     */
    public double refreshAt() {
        return refreshAt;
    }

    /**
     * The jitter around {@link #refreshAt()}, as a fraction of the lifetime.
     *
     * @return the jitter
     */
    public double jitter() {
        return jitter;
    }

    /**
     * The minimum time between a token's receipt and its scheduled refresh; never waived.
     *
     * @return the interval
     */
    public Duration minRefreshInterval() {
        return minRefreshInterval;
    }

    /**
     * The least time between the refresh point and the effective expiry (capped at half the
     * usable life): room for the fetch, and its retries, before callers would have to wait.
     *
     * @return the window
     */
    public Duration minRefreshWindow() {
        return minRefreshWindow;
    }

    /**
     * The lifetime assumed when the endpoint declares none and the token is not a JWT with
     * {@code exp}.
     *
     * @return the default lifetime
     */
    public Duration defaultLifetime() {
        return defaultLifetime;
    }

    /**
     * The shortest lifetime a token may have to be used at all.
     *
     * @return the minimum usable lifetime
     */
    public Duration minUsableLifetime() {
        return minUsableLifetime;
    }

    /** A jitter draw in [0, 1), from the builder's source of randomness (see {@code Schedules}). */
    double draw() {
        return random.getAsDouble();
    }

    @Override
    public String toString() {
        return "ExpiryPolicy[clockSkew=" + clockSkew + ", maxSkewFraction=" + maxSkewFraction + ", refreshAt="
                + refreshAt + "±" + jitter + ", minRefreshWindow=" + minRefreshWindow + ", minRefreshInterval=" + minRefreshInterval + ", defaultLifetime="
                + defaultLifetime + ", minUsableLifetime=" + minUsableLifetime + "]";
    }

    /** Builds an {@link ExpiryPolicy}. */
    public static final class Builder {
        private Duration clockSkew = Duration.ofSeconds(30);
        private double maxSkewFraction = 0.1;
        private double refreshAt = 0.8;
        private double jitter = 0.05;
        private Duration minRefreshInterval = Duration.ofSeconds(10);
        private Duration minRefreshWindow = Duration.ofSeconds(5);
        private Duration defaultLifetime = Duration.ofMinutes(5);
        private Duration minUsableLifetime = Duration.ofSeconds(1);
        private DoubleSupplier random = () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * Sets the clock-skew margin (default 30 s).
         *
         * @param clockSkew the margin, zero or positive
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = nonNegative(clockSkew, "clockSkew");
            return this;
        }

        /**
         * Caps the skew margin at this fraction of the token's lifetime (default 0.1), so that
         * short tokens stay usable.
         *
         * @param fraction from 0 to 0.5
         * @return this builder
         */
        public Builder maxSkewFraction(double fraction) {
            this.maxSkewFraction = range(fraction, 0, 0.5, "maxSkewFraction");
            return this;
        }

        /**
         * Sets the refresh-ahead point as a fraction of the lifetime (default 0.8).
         *
         * @param fraction from 0.1 to 0.9
         * @return this builder
         */
        public Builder refreshAt(double fraction) {
            this.refreshAt = range(fraction, 0.1, 0.9, "refreshAt");
            return this;
        }

        /**
         * Sets the jitter around the refresh point (default 0.05), so a fleet started together
         * does not refresh in lockstep.
         *
         * @param fraction from 0 to 0.1
         * @return this builder
         */
        public Builder jitter(double fraction) {
            this.jitter = range(fraction, 0, 0.1, "jitter");
            return this;
        }

        /**
         * Sets the minimum time from a token's receipt to its scheduled refresh (default 10 s),
         * never waived: it bounds the background request rate when an endpoint keeps returning a
         * token with a shrinking lifetime. Tokens that live shorter than this get no refresh
         * ahead; lower it (not below a second or so) if yours are that short.
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder minRefreshInterval(Duration interval) {
            this.minRefreshInterval = nonNegative(interval, "minRefreshInterval");
            return this;
        }

        /**
         * Sets the least time between the refresh point and the effective expiry (default 5 s;
         * capped at half the token's usable life). Make it longer than your vendor's worst
         * latency, retries included, so that no caller waits on the network at the boundary.
         *
         * @param window zero or positive
         * @return this builder
         */
        public Builder minRefreshWindow(Duration window) {
            this.minRefreshWindow = nonNegative(window, "minRefreshWindow");
            return this;
        }

        /**
         * Sets the lifetime assumed when none is known (default 5 minutes).
         *
         * @param lifetime positive
         * @return this builder
         */
        public Builder defaultLifetime(Duration lifetime) {
            if (nonNegative(lifetime, "defaultLifetime").isZero()) {
                throw new IllegalArgumentException("defaultLifetime must be positive, e.g. Duration.ofMinutes(5)");
            }
            this.defaultLifetime = lifetime;
            return this;
        }

        /**
         * Sets the shortest lifetime a token may have to be used (default 1 s). A shorter one is
         * reported as a {@link MalformedResponseException} and the source waits out its failure
         * cool-down before asking again: it could not outlive one API call, and accepting it
         * would mean a token request per call.
         *
         * @param lifetime zero or positive
         * @return this builder
         */
        public Builder minUsableLifetime(Duration lifetime) {
            this.minUsableLifetime = nonNegative(lifetime, "minUsableLifetime");
            return this;
        }

        /**
         * Sets the source of randomness for the jitter, a supplier of values in [0, 1): a hook
         * for deterministic tests, not API ({@link #jitter(double) jitter(0)} pins the refresh
         * point for users).
         */
        Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public ExpiryPolicy build() {
            if (refreshAt + jitter >= 1 - maxSkewFraction + 1e-9 && maxSkewFraction > 0) {
                throw new IllegalArgumentException("refreshAt + jitter (" + (refreshAt + jitter)
                        + ") must stay below 1 - maxSkewFraction (" + (1 - maxSkewFraction)
                        + ") so that the refresh starts before the token stops being handed out");
            }
            return new ExpiryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative (was " + d + ")");
            }
            return d;
        }

        private static double range(double v, double min, double max, String name) {
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " (was " + v + ")");
            }
            return v;
        }
    }
}
