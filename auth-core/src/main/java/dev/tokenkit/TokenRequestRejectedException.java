package dev.tokenkit;

/**
 * The token endpoint rejected the request for a reason other than credentials or rate
 * limits (HTTP 400, 404 and other 4xx, or a redirect, which tokenkit never follows). Not
 * retryable: the request or the endpoint address has to change.
 */
public class TokenRequestRejectedException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param httpStatus the HTTP status
     * @param message    what happened and what to check
     */
    public TokenRequestRejectedException(String providerId, int httpStatus, String message) {
        super(providerId, message, httpStatus, false, null, null);
    }

    private TokenRequestRejectedException(TokenRequestRejectedException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    TokenRequestRejectedException relay(int attempts) {
        return new TokenRequestRejectedException(this, attempts);
    }
}
