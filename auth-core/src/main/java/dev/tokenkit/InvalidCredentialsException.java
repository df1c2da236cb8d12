package dev.tokenkit;

/**
 * The token endpoint refused the credentials (HTTP 401 or 403). Not retryable: the
 * configuration has to change.
 */
public class InvalidCredentialsException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param httpStatus the HTTP status (401 or 403)
     * @param message    what happened and which options to check; never a secret
     */
    public InvalidCredentialsException(String providerId, int httpStatus, String message) {
        super(providerId, message, httpStatus, false, null, null);
    }

    private InvalidCredentialsException(InvalidCredentialsException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    InvalidCredentialsException relay(int attempts) {
        return new InvalidCredentialsException(this, attempts);
    }
}
