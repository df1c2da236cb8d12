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
    private final int attempts;

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
        this.attempts = 1;
    }

    /**
     * A copy of {@code shared} for one caller: same type, message and facts, the given attempt
     * count, the caller's stack trace, and {@code shared} as its cause.
     *
     * @param shared   the failure many callers share
     * @param attempts the attempt count
     */
    TokenException(TokenException shared, int attempts) {
        super(shared.getMessage(), shared);
        this.providerId = shared.providerId;
        this.httpStatus = shared.httpStatus;
        this.retryable = shared.retryable;
        this.retryAfter = shared.retryAfter;
        this.attempts = Math.max(1, attempts);
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
     * A new exception of the same type and facts with {@code this} as its cause: how a token
     * source hands each caller an exception of its own, thrown from the caller's stack, without
     * ever mutating one that others share. The built-in subclasses keep their type; another
     * subclass is relayed as a plain {@code TokenException}.
     *
     * @param attempts the attempt count of the copy
     * @return the copy
     */
    TokenException relay(int attempts) {
        return new Relayed(this, attempts);
    }

    /** The relay of a {@code TokenException} subclass that tokenkit does not know. */
    private static final class Relayed extends TokenException {
        private static final long serialVersionUID = 1L;

        Relayed(TokenException shared, int attempts) {
            super(shared, attempts);
        }
    }
}
