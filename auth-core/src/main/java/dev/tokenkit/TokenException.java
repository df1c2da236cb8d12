package dev.tokenkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one unchecked root of every error tokenkit reports.
 *
 * <p>Subclasses say what went wrong: {@link InvalidCredentialsException},
 * {@link RateLimitedException}, {@link ProviderUnavailableException},
 * {@link MalformedResponseException}, {@link TokenRequestRejectedException} and
 * {@link ProviderConfigurationException}. Each knows the provider it came from, the HTTP
 * status when there was one, how many attempts were made, and whether trying again may help.
 *
 * <p>No message ever contains a secret or a token value.
 */
public abstract class TokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String providerId;
    private final Integer httpStatus;
    private final boolean retryable;
    private final Duration retryAfter;
    private volatile int attempts = 1;

    /**
     * Creates an exception.
     *
     * @param providerId the provider id, or {@code null} when no provider is involved
     * @param message    what happened and how to fix it; never a secret or token value
     * @param httpStatus the HTTP status of the answer, or {@code null} when there was none
     * @param retryable  whether a later attempt may succeed
     * @param retryAfter how long the server asked to wait, or {@code null}
     * @param cause      the underlying cause, or {@code null}
     */
    protected TokenException(String providerId, String message, Integer httpStatus, boolean retryable,
                             Duration retryAfter, Throwable cause) {
        super(prefix(providerId) + Objects.requireNonNull(message, "message"), cause);
        this.providerId = providerId;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    private static String prefix(String providerId) {
        return providerId == null ? "" : providerId + ": ";
    }

    /**
     * The provider that reported the error.
     *
     * @return the provider id, empty when the error is not tied to one provider
     */
    public Optional<String> providerId() {
        return Optional.ofNullable(providerId);
    }

    /**
     * The HTTP status of the token endpoint's answer.
     *
     * @return the status, empty when no HTTP answer was received
     */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Whether trying again later may succeed (rate limits, outages, timeouts).
     *
     * @return {@code true} for transient errors
     */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * How long the server asked the client to wait before trying again ({@code Retry-After}).
     *
     * @return the requested wait, empty when the server gave none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * How many token requests were made before this error was reported (1 without retry).
     *
     * @return the attempt count, at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Records how many attempts the retry layer made; called by tokenkit, not by providers.
     *
     * @param attempts the attempt count
     */
    void attempts(int attempts) {
        this.attempts = Math.max(1, attempts);
    }
}
