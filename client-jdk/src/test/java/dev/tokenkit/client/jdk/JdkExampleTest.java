package dev.tokenkit.client.jdk;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK examples of docs/integrations.md: the same code, compiled and run against a revoked token. */
@Timeout(60)
class JdkExampleTest {

    @Test
    @DisplayName("the snippets in docs/integrations.md are these examples")
    void snippetsMatch() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java",
                "dev", "tokenkit", "client", "jdk"))).containsExactly("jdk", "jdk-async", "jdk-replayable");
    }

    @Test
    @DisplayName("each example heals a 401 for a revoked token")
    void examplesRun() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); ResourceServer api = ResourceServer.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            URI uri = api.uri("/orders");
            api.revoke(source.token());
            assertThat(send(source, uri).statusCode()).isEqualTo(200);
            api.revoke(source.token());
            assertThat(sendAsync(source, uri).join().statusCode()).isEqualTo(200);
            api.revoke(source.token());
            Path upload = Files.writeString(Files.createTempFile("tokenkit", ".json"), "{\"sku\":1}");
            try {
                assertThat(upload(source, uri, upload).statusCode()).isEqualTo(200);
            } finally {
                Files.delete(upload);
            }
            assertThat(endpoint.requestCount()).as("one token, then one per revocation").isEqualTo(4);
            assertThat(api.requestCount()).as("each example sent twice").isEqualTo(6);
        }
    }

    static HttpResponse<String> send(TokenSource source, URI uri) throws Exception {
        // snippet:jdk
        HttpClient http = TokenHttpClient.wrap(HttpClient.newHttpClient(), source);
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        HttpResponse<String> answer = http.send(request, BodyHandlers.ofString());
        // end:jdk
        return answer;
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(TokenSource source, URI uri) {
        HttpClient http = TokenHttpClient.wrap(HttpClient.newHttpClient(), source);
        // snippet:jdk-async
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(uri).build(),
                BodyHandlers.ofString());
        // end:jdk-async
        return answer;
    }

    static HttpResponse<String> upload(TokenSource source, URI uri, Path file) throws Exception {
        HttpClient http = TokenHttpClient.wrap(HttpClient.newHttpClient(), source);
        // snippet:jdk-replayable
        HttpRequest request = HttpRequest.newBuilder(uri)
                .POST(TokenHttpClient.replayable(BodyPublishers.ofFile(file)))   // the file does not change
                .build();
        HttpResponse<String> answer = http.send(request, BodyHandlers.ofString());
        // end:jdk-replayable
        return answer;
    }
}
