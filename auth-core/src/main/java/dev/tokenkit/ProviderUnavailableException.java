package dev.tokenkit;

import java.time.Duration;

/**
 * The token endpoint could not be reached or is failing: HTTP 5xx, connection errors,
 * timeouts, or a vendor's "service down" envelope. Retryable.
 */
public class ProviderUnavailableException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param httpStatus the HTTP status, or {@code null} when no answer arrived
     * @param retryAfter the wait the server asked for, or {@code null}
     * @param message    what happened
     * @param cause      the I/O error or timeout, or {@code null}
     */
    public ProviderUnavailableException(String providerId, Integer httpStatus, Duration retryAfter,
                                        String message, Throwable cause) {
        super(providerId, message, httpStatus, true, retryAfter, cause);
    }

    /**
     * Creates the exception for an error without an HTTP answer (I/O, timeout).
     *
     * @param providerId the provider id
     * @param message    what happened
     * @param cause      the I/O error or timeout, or {@code null}
     */
    public ProviderUnavailableException(String providerId, String message, Throwable cause) {
        this(providerId, null, null, message, cause);
    }

    private ProviderUnavailableException(ProviderUnavailableException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    ProviderUnavailableException relay(int attempts) {
        return new ProviderUnavailableException(this, attempts);
    }
}
