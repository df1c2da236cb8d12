package dev.tokenkit.client.spring;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring examples of docs/integrations.md: the same code, compiled and run against a revoked token. */
@Timeout(60)
class SpringExampleTest {

    @Test
    @DisplayName("the snippets in docs/integrations.md are these examples")
    void snippetsMatch() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java",
                "dev", "tokenkit", "client", "spring"))).containsExactly("rest-client", "rest-template");
    }

    @Test
    @DisplayName("each example heals a 401 for a revoked token")
    void examplesRun() {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); ResourceServer api = ResourceServer.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            URI uri = api.uri("/orders");
            api.revoke(source.token());
            assertThat(restClient(source, uri)).isEqualTo("GET /orders ");
            api.revoke(source.token());
            assertThat(restTemplate(source, uri)).isEqualTo("GET /orders ");
            assertThat(endpoint.requestCount()).isEqualTo(3);
            assertThat(api.requestCount()).isEqualTo(4);
        }
    }

    static String restClient(TokenSource source, URI uri) {
        // snippet:rest-client
        RestClient client = RestClient.builder()
                .requestInterceptor(new TokenClientHttpRequestInterceptor(source))   // last, after any others
                .build();
        String orders = client.get().uri(uri).retrieve().body(String.class);
        // end:rest-client
        return orders;
    }

    static String restTemplate(TokenSource source, URI uri) {
        // snippet:rest-template
        RestTemplate template = new RestTemplate(new NoRedirectRequestFactory());   // HttpURLConnection, no redirects
        template.getInterceptors().add(new TokenClientHttpRequestInterceptor(source));
        String orders = template.getForObject(uri, String.class);
        // end:rest-template
        return orders;
    }
}
