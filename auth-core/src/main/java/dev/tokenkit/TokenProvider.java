package dev.tokenkit;

/**
 * Fetches access tokens from one vendor: exactly one token request per {@link #fetch()}, with
 * no caching and no retry. Applications normally use a {@link TokenSource}, which adds
 * caching, refresh ahead of expiry, single flight and retry on top of a provider.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenProvider {

    /**
     * The id of the provider, e.g. {@code symbl}.
     *
     * @return the id
     */
    String id();

    /**
     * Makes one token request and returns the token.
     *
     * @return the token
     * @throws TokenException a subclass saying why no token was issued
     */
    AccessToken fetch();
}
