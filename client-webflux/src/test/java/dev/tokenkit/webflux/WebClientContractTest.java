package dev.tokenkit.webflux;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

/**
 * {@code WebClient} on Reactor Netty (which follows no redirect) with the filter passes the
 * integration contract; a body the kit calls one-shot is a publisher that serves one subscriber,
 * every other body is marked {@link TokenExchangeFilter#replayable}.
 */
class WebClientContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        return WebClients.contractClient(TokenExchangeFilter.of(source));
    }

    /** Reactor Netty's HttpClient follows a redirect only when told to ({@code followRedirect(true)}). */
    @Override
    protected boolean followsRedirects(String method, int status) {
        return false;
    }
}
