package dev.tokenkit.spi;

/**
 * Sends token requests over HTTP. The implementation tokenkit lends through
 * {@link ProviderContext#http()} never follows redirects, refuses plain http to hosts other than
 * loopback (unless {@code allow-insecure-http=true}), applies the connect timeout and a total
 * deadline for the whole exchange, and caps the answer's size.
 */
public interface HttpTransport {

    /**
     * Sends the request and reads the whole answer, whatever its status.
     *
     * @param request the request
     * @return the answer
     * @throws dev.tokenkit.ProviderUnavailableException   on connection errors and timeouts
     * @throws dev.tokenkit.MalformedResponseException     when the body exceeds the size cap
     * @throws dev.tokenkit.ProviderConfigurationException when the URI may not carry credentials
     */
    TokenResponse send(TokenRequest request);
}
