package dev.tokenkit;

import java.time.Duration;

/**
 * The token endpoint answered HTTP 429. Retryable; {@link #retryAfter()} carries the
 * server's {@code Retry-After} when it sent one.
 */
public class RateLimitedException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param retryAfter the wait the server asked for, or {@code null}
     * @param message    what happened
     */
    public RateLimitedException(String providerId, Duration retryAfter, String message) {
        super(providerId, message, 429, true, retryAfter, null);
    }

    private RateLimitedException(RateLimitedException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    RateLimitedException relay(int attempts) {
        return new RateLimitedException(this, attempts);
    }
}
