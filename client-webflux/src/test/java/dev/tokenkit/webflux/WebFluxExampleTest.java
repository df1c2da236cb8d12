package dev.tokenkit.webflux;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebClient examples of docs/integrations.md: the same code, compiled and run against a revoked token. */
@Timeout(60)
class WebFluxExampleTest {

    @Test
    @DisplayName("the snippets in docs/integrations.md are these examples")
    void snippetsMatch() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java",
                "dev", "tokenkit", "webflux"))).containsExactly("webclient", "webclient-replayable");
    }

    @Test
    @DisplayName("each example heals a 401 for a revoked token")
    void examplesRun() {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); ResourceServer api = ResourceServer.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            URI uri = api.uri("/orders");
            api.revoke(source.token());
            assertThat(get(source, uri).block(WebClients.ANSWER)).isEqualTo("GET /orders ");
            api.revoke(source.token());
            assertThat(post(source, uri, "order-1").block(WebClients.ANSWER)).isEqualTo("POST /orders order-1");
            assertThat(endpoint.requestCount()).isEqualTo(3);
            assertThat(api.requestCount()).isEqualTo(4);
        }
    }

    static Mono<String> get(TokenSource source, URI uri) {
        // snippet:webclient
        WebClient client = WebClient.builder()
                .filter(TokenExchangeFilter.of(source))
                .build();
        Mono<String> orders = client.get().uri(uri).retrieve().bodyToMono(String.class);
        // end:webclient
        return orders;
    }

    static Mono<String> post(TokenSource source, URI uri, String order) {
        WebClient client = WebClient.builder().filter(TokenExchangeFilter.of(source)).build();
        // snippet:webclient-replayable
        Mono<String> created = client.post().uri(uri)
                .body(TokenExchangeFilter.replayable(BodyInserters.fromValue(order)))   // may be sent twice
                .retrieve().bodyToMono(String.class);
        // end:webclient-replayable
        return created;
    }
}
