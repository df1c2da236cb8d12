package dev.tokenkit;

import dev.tokenkit.testsupport.LoopbackServer;
import dev.tokenkit.testsupport.TestTokenFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's usage snippet, verbatim apart from {@code providers} standing in for
 * {@code TokenProviders.load()}, compiled and run against a loopback token server.
 */
@DisplayName("README usage example")
@Timeout(20)
class ReadmeExampleTest {

    static AccessToken readmeExample(TokenProviders providers, String appId, String appSecret) {
        TokenSource symbl = providers.source("symbl", ProviderConfig.builder()
                .put("app-id", appId)
                .putSecret("app-secret", appSecret)
                .build());
        AccessToken token = symbl.token();
        String header = token.authorizationHeader();
        symbl.close();
        assertThat(header).isEqualTo("Bearer " + token.value());
        return token;
    }

    @Test
    @DisplayName("the README snippet fetches a token from a provider registered as 'symbl'")
    void readmeSnippetWorks() {
        try (LoopbackServer server = LoopbackServer.start()) {
            server.answer(200, "{\"token\":\"readme-token-1\",\"ttl\":3600}");
            TokenProviders providers = TokenProviders.of(new TestTokenFactory("symbl", server.uri()));

            AccessToken token = readmeExample(providers, "readme-app", "readme-secret");

            assertThat(token.value()).isEqualTo("readme-token-1");
            assertThat(server.onlyRequest().bodyText()).isEqualTo("{\"id\":\"readme-app\",\"secret\":\"readme-secret\"}");
        }
    }
}
