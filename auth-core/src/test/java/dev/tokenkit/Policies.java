package dev.tokenkit;

import java.util.function.DoubleSupplier;

/**
 * The policies' randomness hook (package-private, not API) for tests in other packages of this
 * module: deterministic jitter for lifecycle tests on virtual time.
 */
public final class Policies {
    private Policies() {
    }

    /**
     * An expiry policy builder whose jitter draws come from {@code random}.
     *
     * @param random values in [0, 1); {@code () -> 0.5} refreshes at exactly {@code refreshAt}
     * @return the builder, at the defaults otherwise
     */
    public static ExpiryPolicy.Builder expiry(DoubleSupplier random) {
        return ExpiryPolicy.builder().random(random);
    }

    /**
     * A retry policy builder whose backoff and cool-down draws come from {@code random}.
     *
     * @param random values in [0, 1); {@code () -> 0.5} gives the backoffs exactly and cool-downs × 0.875
     * @return the builder, at the defaults otherwise
     */
    public static RetryPolicy.Builder retry(DoubleSupplier random) {
        return RetryPolicy.builder().random(random);
    }
}
