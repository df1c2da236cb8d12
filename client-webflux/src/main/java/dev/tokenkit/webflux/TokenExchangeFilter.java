package dev.tokenkit.webflux;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Puts a {@link TokenSource}'s token on every request of a Spring {@code WebClient}, replacing any
 * {@code Authorization} header, without ever blocking, and heals a {@code 401} once:
 *
 * <pre>{@code
 * WebClient client = WebClient.builder()
 *         .filter(TokenExchangeFilter.of(source))
 *         .build();
 * }</pre>
 *
 * <p><b>Never blocks.</b> The token comes from {@link TokenSource#tokenAsync()}: a cached token
 * at once, else the source's single in-flight fetch, shared with every other caller. The request
 * is sent when the token is there, from the thread that completed it (the subscriber's, or a
 * tokenkit fetch thread that only hands the request to the connector). Cancelling a request
 * while it waits for the token never cancels that shared fetch: the other requests waiting for it
 * still get the token, and no second fetch starts.
 *
 * <p><b>A 401, and the loop rule</b> ({@link TokenReplay}). When the answer is a {@code 401} that
 * rejects the token the request carried (not {@code error="insufficient_scope"}), the token that
 * was sent is invalidated by its header value (many requests rejected for one token cause one
 * fetch), and, when the request's body can be sent again, the rejected answer's body is
 * released and the request is sent once more with the source's new token. That second answer is
 * returned whatever it is: never a third send. When the source has no different token (the
 * endpoint re-issued the rejected one, or the fetch failed), or the body cannot be sent again,
 * the {@code 401} is returned as it came. A {@code 403} is always returned as it is.
 *
 * <p><b>Which bodies are replayed.</b> A request without a body, and a body marked
 * {@link #replayable(BodyInserter)}. A {@code WebClient} body is a {@link BodyInserter} that
 * writes when the request is sent; a second send would subscribe to its publisher again, which a
 * one-shot {@code Flux} (a stream, a hot source) cannot serve, and nothing tells the filter which
 * kind it has. Mark a body that can be written twice:
 * {@code .body(TokenExchangeFilter.replayable(BodyInserters.fromValue(order)))}.
 *
 * <p><b>Redirects: use a connector that follows none.</b> A filter sees the request it passes on
 * and the answer the connector returns, not the redirects the connector follows by itself. Reactor
 * Netty's {@code HttpClient} follows none unless told to ({@code followRedirect(true)}), and then
 * the filter can neither keep the header off the hops nor tell that a {@code 401} came from one.
 *
 * <p>When the source has no token, the returned {@code Mono} fails with its
 * {@link TokenException}; the request is not sent. Nothing is logged.
 */
public final class TokenExchangeFilter implements ExchangeFilterFunction {
    private final TokenSource source;

    private TokenExchangeFilter(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * A filter over a source.
     *
     * @param source the source of the tokens
     * @return the filter
     */
    public static TokenExchangeFilter of(TokenSource source) {
        return new TokenExchangeFilter(source);
    }

    /**
     * Marks a body as one that can be written twice, so that the filter replays a request that
     * carries it after a {@code 401}: a value ({@code BodyInserters.fromValue}), form data, a
     * resource that does not change, a cold publisher. Unmarked bodies are sent once.
     *
     * @param inserter the body
     * @param <T>      the type of the body
     * @return the same body, marked
     */
    public static <T> BodyInserter<T, ClientHttpRequest> replayable(BodyInserter<T, ? super ClientHttpRequest> inserter) {
        return new ReplayableBody<>(inserter);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return fromFuture(() -> source.tokenAsync()).flatMap(token -> {
            String sent = token.authorizationHeader();
            return next.exchange(withToken(request, sent)).flatMap(response -> {
                if (!TokenReplay.rejectsToken(sent, sent, response.statusCode().value(),
                        response.headers().header(HttpHeaders.WWW_AUTHENTICATE))) {
                    return Mono.just(response);
                }
                if (!replayable(request)) {
                    source.invalidate(sent);
                    return Mono.just(response);
                }
                return replay(request, response, sent, next);
            });
        });
    }

    private Mono<ClientResponse> replay(ClientRequest request, ClientResponse rejected, String sent, ExchangeFunction next) {
        AtomicBoolean released = new AtomicBoolean();
        return fromFuture(() -> TokenReplay.replacementAsync(source, sent))
                .flatMap((Optional<AccessToken> replacement) -> {
                    if (replacement.isEmpty()) {
                        return Mono.just(rejected);
                    }
                    released.set(true);
                    return rejected.releaseBody()
                            .then(next.exchange(withToken(request, replacement.get().authorizationHeader())));
                })
                .doOnCancel(() -> {
                    if (released.compareAndSet(false, true)) {
                        rejected.releaseBody().subscribe();
                    }
                });
    }

    /** A future as a {@code Mono} whose cancellation leaves the future alone: it may be one other callers share. */
    private static <T> Mono<T> fromFuture(Supplier<CompletableFuture<T>> future) {
        return Mono.fromFuture(future, true);
    }

    private static boolean replayable(ClientRequest request) {
        return request.body() == BodyInserters.empty() || request.body() instanceof ReplayableBody<?>;
    }

    private static ClientRequest withToken(ClientRequest request, String authorization) {
        return ClientRequest.from(request).headers(headers -> headers.set(HttpHeaders.AUTHORIZATION, authorization)).build();
    }

    @Override
    public String toString() {
        return "TokenExchangeFilter[" + source.providerId() + "]";
    }
}
