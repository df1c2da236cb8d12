package dev.tokenkit;

import dev.tokenkit.testsupport.Leaks;
import dev.tokenkit.testsupport.LoopbackServer;
import dev.tokenkit.testsupport.TestTokenFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Basic smoke of the managed source over loopback HTTP; lifecycle depth lives in the lifecycle tests. */
@DisplayName("TokenSource smoke over loopback HTTP")
@Timeout(20)
class TokenSourceSmokeTest {
    final LoopbackServer server = LoopbackServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    TokenSource source() {
        return TokenProviders.of(new TestTokenFactory("acme")).source("acme", ProviderConfig.builder()
                .put("base-url", server.uri().toString())
                .put("app-id", "smoke")
                .putSecret("app-secret", "smoke-secret")
                .build());
    }

    @Test
    @DisplayName("token() fetches once; a second token() is served from the cache without a request")
    void cachesToken() {
        server.answer(200, "{\"token\":\"smoke-token\",\"ttl\":3600}");
        try (TokenSource s = source()) {
            AccessToken first = s.token();
            AccessToken second = s.token();

            assertThat(first.value()).isEqualTo("smoke-token");
            assertThat(second).isSameAs(first);
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(s.providerId()).isEqualTo("acme");
            assertThat(s.toString()).doesNotContain("smoke-token");
        }
    }

    @Test
    @DisplayName("tokenAsync() completes with the token")
    void tokenAsync() throws Exception {
        server.answer(200, "{\"token\":\"async-token\",\"ttl\":3600}");
        try (TokenSource s = source()) {
            assertThat(s.tokenAsync().get(10, TimeUnit.SECONDS).value()).isEqualTo("async-token");
        }
    }

    @Test
    @DisplayName("after close(), token() throws IllegalStateException")
    void closed() {
        server.answer(200, "{\"token\":\"smoke-token\",\"ttl\":3600}");
        TokenSource s = source();
        s.token();
        s.close();
        s.close();

        assertThatThrownBy(s::token).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a non-retryable error reaches the caller with its type and without the secret")
    void errorTyped() {
        server.answer(401, "{\"message\":\"smoke-secret rejected\"}");
        try (TokenSource s = source()) {
            assertThatThrownBy(s::token).isInstanceOf(InvalidCredentialsException.class)
                    .satisfies(e -> Leaks.assertNoLeak(e, "smoke-secret"));
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }
}
