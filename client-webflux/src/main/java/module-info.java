/**
 * tokenkit for Spring's {@code WebClient}:
 * {@link dev.tokenkit.webflux.TokenExchangeFilter} puts a token source's token on every request
 * without blocking and heals a {@code 401} once.
 *
 * <p>Spring Framework ships no module descriptors; its jars are the automatic modules
 * {@code spring.webflux}, {@code spring.web}, {@code spring.core} and so on. Reactor Core is the
 * automatic module {@code reactor.core}.
 */
module dev.tokenkit.webflux {
    requires transitive dev.tokenkit;
    // ExchangeFilterFunction, ClientRequest, BodyInserter and Mono are in the API
    requires transitive spring.webflux;
    requires transitive spring.web;
    requires transitive spring.core;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;

    exports dev.tokenkit.webflux;
}
