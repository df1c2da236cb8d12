package dev.tokenkit;

/**
 * The token endpoint answered with something that is not a valid token response: not JSON,
 * the wrong JSON shape, a missing or invalid field, an unusable token value or lifetime, or a
 * body over the size limit. Not retryable.
 */
public class MalformedResponseException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param httpStatus the HTTP status, or {@code null}
     * @param message    what was wrong; never a token value
     * @param cause      the parse error, or {@code null}
     */
    public MalformedResponseException(String providerId, Integer httpStatus, String message, Throwable cause) {
        super(providerId, message, httpStatus, false, null, cause);
    }

    private MalformedResponseException(MalformedResponseException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    MalformedResponseException relay(int attempts) {
        return new MalformedResponseException(this, attempts);
    }
}
