package dev.tokenkit.webflux;

import dev.tokenkit.testkit.HttpClientAdapterContract.Answer;
import dev.tokenkit.testkit.HttpClientAdapterContract.Call;
import dev.tokenkit.testkit.HttpClientAdapterContract.Client;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

/** WebClients on Reactor Netty for the tests: a connection pool of their own, closed with the client. */
final class WebClients {
    /** How long a test waits for one answer. */
    static final Duration ANSWER = Duration.ofSeconds(30);

    private WebClients() {
    }

    /** A pool wide enough for the contract's 100 concurrent requests, with no limit on waiting for a connection. */
    static ConnectionProvider pool() {
        return ConnectionProvider.builder("tokenkit-test").maxConnections(256).pendingAcquireMaxCount(-1).build();
    }

    /** A WebClient on Reactor Netty (which follows no redirect) with this filter, over this pool. */
    static WebClient webClient(ConnectionProvider pool, ExchangeFilterFunction filter) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
                .filter(filter).build();
    }

    /** The contract's client: a body the kit calls one-shot is a publisher that serves one subscriber only. */
    static Client contractClient(ExchangeFilterFunction filter) {
        ConnectionProvider pool = pool();
        WebClient web = webClient(pool, filter);
        return new Client() {
            @Override
            public Answer send(Call call) {
                WebClient.RequestBodySpec spec = web.method(HttpMethod.valueOf(call.method())).uri(call.uri());
                WebClient.RequestHeadersSpec<?> ready = spec;
                if (call.body() != null) {
                    spec.contentType(MediaType.TEXT_PLAIN);
                    ready = call.oneShot() ? spec.body(oneShot(call.body()), byte[].class)
                            : spec.body(TokenExchangeFilter.replayable(BodyInserters.fromValue(call.body())));
                }
                return ready.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> new Answer(response.statusCode().value(), body))).block(ANSWER);
            }

            @Override
            public void close() {
                pool.disposeLater().block(ANSWER);
            }
        };
    }

    /** A publisher of these bytes that a second subscriber cannot read. */
    static Flux<byte[]> oneShot(byte[] body) {
        Sinks.Many<byte[]> sink = Sinks.many().unicast().onBackpressureBuffer();
        sink.tryEmitNext(body).orThrow();
        sink.tryEmitComplete().orThrow();
        return sink.asFlux();
    }
}
