package dev.tokenkit;

/**
 * The provider answered an invalidated token's refetch with that same token: an endpoint that
 * caches tokens server-side (Symbl does) re-issues a token until it expires, whatever the API
 * that rejected it says. A {@link TokenSource} keeps handing the re-issued token out (it is all the
 * endpoint gives, and the rejection may have been passing), reports this exception to its
 * {@linkplain TokenSourceListener#refreshFailed listeners}, and counts it as a failed fetch:
 * further invalidations of that token are ignored until the cool-down ends, and the cool-down
 * grows with each re-issue in a row. A loop of "call the API, get 401, invalidate" therefore
 * backs off exponentially instead of hammering the token endpoint. Retryable.
 */
public class TokenReissuedException extends TokenException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param providerId the provider id
     * @param message    what happened; never a secret or token value
     */
    public TokenReissuedException(String providerId, String message) {
        super(providerId, message, null, true, null, null);
    }

    private TokenReissuedException(TokenReissuedException shared, int attempts) {
        super(shared, attempts);
    }

    @Override
    TokenReissuedException relay(int attempts) {
        return new TokenReissuedException(this, attempts);
    }
}
