package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The OkHttp example of docs/integrations.md: the same code, compiled and run against a revoked token. */
@Timeout(60)
class OkHttpExampleTest {

    @Test
    @DisplayName("the snippet in docs/integrations.md is this example")
    void snippetMatches() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java",
                "dev", "tokenkit", "client", "okhttp"))).containsExactly("okhttp");
    }

    @Test
    @DisplayName("the example heals a 401 for a revoked token")
    void exampleRuns() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); ResourceServer api = ResourceServer.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            api.revoke(source.token());
            assertThat(call(source, api.uri("/orders").toString())).isEqualTo(200);
            assertThat(api.requestCount()).isEqualTo(2);
            assertThat(endpoint.requestCount()).isEqualTo(2);
        }
    }

    static int call(TokenSource source, String url) throws Exception {
        // snippet:okhttp
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(new TokenInterceptor(source))      // the token on every request
                .authenticator(new TokenAuthenticator(source))     // a 401 healed once
                .build();
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code();
        }
        // end:okhttp
    }
}
