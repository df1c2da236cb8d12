package dev.tokenkit.webflux;

import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import reactor.core.publisher.Mono;

import java.util.Objects;

/** A body its caller says can be written twice: {@link TokenExchangeFilter} replays the requests that carry it. */
final class ReplayableBody<T> implements BodyInserter<T, ClientHttpRequest> {
    private final BodyInserter<T, ? super ClientHttpRequest> delegate;

    ReplayableBody(BodyInserter<T, ? super ClientHttpRequest> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "inserter");
    }

    @Override
    public Mono<Void> insert(ClientHttpRequest outputMessage, Context context) {
        return delegate.insert(outputMessage, context);
    }

    @Override
    public String toString() {
        return "replayable " + delegate;
    }
}
