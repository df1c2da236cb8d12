package dev.tokenkit;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleSupplier;

/**
 * How a {@link TokenSource} retries a failed token request (on resilience4j-retry) and how long
 * it waits before the next request after a fetch has failed for good.
 *
 * <p>Within one fetch: only {@linkplain TokenException#isRetryable() retryable} errors are
 * retried (429, 5xx, I/O, timeouts, vendor "down" envelopes); the wait before retry {@code n}
 * is {@code initialBackoff × multiplier^(n-1)}, capped at {@code maxBackoff}, randomised by
 * ± {@code jitter}; a server's {@code Retry-After} lengthens the wait, and one longer than
 * {@code maxRetryAfter} ends the fetch at once (the cool-down then honours it); at most
 * {@code maxAttempts} requests, and no retry whose wait would end after {@code maxTotalTime}
 * from the first request.
 *
 * <p>Between fetches: after a fetch fails, the next one waits a cool-down of
 * {@code initialCooldown} doubling per consecutive failure up to {@code maxCooldown} (jittered,
 * and at least the server's {@code Retry-After} up to {@code maxCooldown}). During it, callers
 * that have no valid token get the last error at once, so a down provider is not hammered.
 *
 * <p>Defaults: 4 attempts, 500 ms initial backoff, ×2, 10 s max backoff, jitter 0.5,
 * Retry-After up to 30 s, 30 s total, cool-down from 2 s up to 2 minutes.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double multiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final Duration maxTotalTime;
    private final Duration initialCooldown;
    private final Duration maxCooldown;
    private final DoubleSupplier random;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.multiplier = b.multiplier;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxTotalTime = b.maxTotalTime;
        this.initialCooldown = b.initialCooldown;
        this.maxCooldown = b.maxCooldown;
        this.random = b.random;
    }

    /**
     * The default policy.
     *
     * @return the defaults
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * No retry within a fetch (one request per fetch); the cool-down between failed fetches
     * still applies.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
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
     * The maximum number of requests per fetch.
     *
     * @return the attempt limit
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before the first retry, before jitter.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The longest {@code Retry-After} honoured within a fetch.
     *
     * @return the cap
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The retry time budget of one fetch.
     *
     * @return the budget
     */
    public Duration maxTotalTime() {
        return maxTotalTime;
    }

    /**
     * The cool-down after a fetch failed for good, given how many fetches in a row failed.
     *
     * @param consecutiveFailures failed fetches in a row, at least 1
     * @param serverRetryAfter    the {@code Retry-After} of the last error, if any
     * @return how long the next fetch waits
     */
    Duration cooldown(int consecutiveFailures, java.util.Optional<Duration> serverRetryAfter) {
        double base = initialCooldown.toMillis() * Math.pow(2, Math.min(30, Math.max(0, consecutiveFailures - 1)));
        long capped = (long) Math.min(base, maxCooldown.toMillis());
        long jittered = (long) (capped * (0.75 + 0.25 * random.getAsDouble()));
        long serverAsked = serverRetryAfter.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, Math.min(serverAsked, maxCooldown.toMillis())));
    }

    /** The wait before retry {@code attempt} (1-based count of failed requests), or -1 to stop. */
    long intervalMillis(int attempt, Throwable error, long elapsedMillis) {
        double exp = initialBackoff.toMillis() * Math.pow(multiplier, Math.min(60, attempt - 1));
        double capped = Math.min(exp, maxBackoff.toMillis());
        long wait = (long) (capped * (1 - jitter + 2 * jitter * random.getAsDouble()));
        if (error instanceof TokenException te && te.retryAfter().isPresent()) {
            long asked = te.retryAfter().get().toMillis();
            if (asked > maxRetryAfter.toMillis()) {
                return -1;
            }
            wait = Math.max(wait, asked);
        }
        if (elapsedMillis + wait > maxTotalTime.toMillis()) {
            return -1;
        }
        return wait;
    }

    /**
     * Starts the retry bookkeeping of one fetch on resilience4j-retry: after each failed request
     * it says how long to wait before the next one, or that the fetch has failed for good.
     *
     * @param clock measures the fetch's time budget
     * @return the bookkeeping of one fetch
     */
    Backoff newBackoff(InstantSource clock) {
        long start = clock.millis();
        RetryConfig config = RetryConfig.<AccessToken>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> unwrap(e) instanceof TokenException te && te.isRetryable())
                .intervalBiFunction((Integer n, Either<Throwable, AccessToken> outcome) ->
                        intervalMillis(n, unwrap(outcome.swap().getOrNull()), clock.millis() - start))
                .build();
        Retry.AsyncContext<AccessToken> context = Retry.of("tokenkit", config).asyncContext();
        return context::onError;
    }

    /** The retry bookkeeping of one fetch. */
    interface Backoff {
        /**
         * Records a failed request.
         *
         * @param error what the request threw
         * @return the wait in milliseconds before the next request, or a negative number when
         *         the fetch has failed for good (not retryable, out of attempts or out of time)
         */
        long onFailure(Throwable error);
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + "×" + multiplier + " up to "
                + maxBackoff + " ±" + jitter + ", maxRetryAfter=" + maxRetryAfter + ", maxTotalTime=" + maxTotalTime
                + ", cooldown=" + initialCooldown + " up to " + maxCooldown + "]";
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double jitter = 0.5;
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Duration maxTotalTime = Duration.ofSeconds(30);
        private Duration initialCooldown = Duration.ofSeconds(2);
        private Duration maxCooldown = Duration.ofMinutes(2);
        private DoubleSupplier random = () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * Sets the maximum number of requests per fetch (default 4; 1 disables retry).
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (was " + maxAttempts + ")");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the exponential backoff (defaults 500 ms, ×2, at most 10 s).
         *
         * @param initial    the wait before the first retry
         * @param multiplier the growth per retry, at least 1
         * @param max        the longest wait
         * @return this builder
         */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = positive(initial, "initial backoff");
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("backoff multiplier must be at least 1 (was " + multiplier + ")");
            }
            this.multiplier = multiplier;
            this.maxBackoff = positive(max, "max backoff");
            return this;
        }

        /**
         * Sets the jitter: each wait is randomised by ± this fraction (default 0.5).
         *
         * @param jitter from 0 to 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1 (was " + jitter + ")");
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} honoured within a fetch (default 30 s).
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxRetryAfter(Duration max) {
            this.maxRetryAfter = positive(max, "maxRetryAfter");
            return this;
        }

        /**
         * Sets the time budget of one fetch's retries (default 30 s).
         *
         * @param max the budget
         * @return this builder
         */
        public Builder maxTotalTime(Duration max) {
            this.maxTotalTime = positive(max, "maxTotalTime");
            return this;
        }

        /**
         * Sets the cool-down between failed fetches (defaults 2 s doubling up to 2 minutes).
         *
         * @param initial after the first failure
         * @param max     the longest cool-down
         * @return this builder
         */
        public Builder cooldown(Duration initial, Duration max) {
            this.initialCooldown = positive(initial, "initial cooldown");
            this.maxCooldown = positive(max, "max cooldown");
            return this;
        }

        /**
         * Sets the source of randomness, values in [0, 1): a hook for deterministic tests, not
         * API.
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
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive (was " + d + ")");
            }
            return d;
        }
    }
}
