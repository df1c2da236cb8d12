package dev.tokenkit.interop.sas;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import jakarta.json.JsonString;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code client_secret_basic} and {@code client_secret_post} against a real Spring Authorization
 * Server: tokens it signs, its RFC 8414 metadata, its {@code invalid_client}, and the number of
 * requests its token endpoint received for each.
 */
class ClientSecretTest {
    /** Characters that RFC 6749 §2.3.1's form encoding changes: the server decodes them back. */
    private static final String BASIC_ID = "basic:client+1";
    private static final String BASIC_SECRET = "basic-secret:+/&= é";
    private static final String POST_ID = "post-client";
    private static final String POST_SECRET = "post-secret-1";
    private static SpringAuthorizationServer server;

    private final ManualClock clock = ManualClock.at(Instant.now());

    @BeforeAll
    static void start() {
        server = SpringAuthorizationServer.builder()
                .client(client(BASIC_ID, BASIC_SECRET, ClientAuthenticationMethod.CLIENT_SECRET_BASIC))
                .client(client(POST_ID, POST_SECRET, ClientAuthenticationMethod.CLIENT_SECRET_POST))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.tap().reset();
    }

    private static RegisteredClient client(String id, String secret, ClientAuthenticationMethod method) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientSecret("{noop}" + secret)
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("read").scope("write")
                .build();
    }

    private TokenProvider provider(UnaryOperator<ProviderConfig.Builder> config) {
        return TokenProviders.load().withClock(clock).provider("oauth2", config.apply(ProviderConfig.builder()
                .put("token-url", server.tokenEndpoint().toString())
                .put("scope", "read write")).build());
    }

    private static ProviderConfig.Builder basic(ProviderConfig.Builder b) {
        return b.put("client-id", BASIC_ID).putSecret("client-secret", BASIC_SECRET);
    }

    private static ProviderConfig.Builder post(ProviderConfig.Builder b) {
        return b.put("client-id", POST_ID).putSecret("client-secret", POST_SECRET)
                .put("auth-method", "client_secret_post");
    }

    @Test
    @DisplayName("client_secret_basic: a token the server signed for the client, one request")
    void basicToken() {
        AccessToken token = provider(ClientSecretTest::basic).fetch();

        assertThat(Jwts.claims(token).getString("sub")).as("the server decoded the RFC 6749 form of the id").isEqualTo(BASIC_ID);
        assertThat(Jwts.claims(token).getJsonArray("scope").getValuesAs(JsonString::getString))
                .containsExactlyInAnyOrder("read", "write");
        assertThat(token.expiresAt()).hasValueSatisfying(e -> assertThat(e).isAfter(clock.instant()));
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("client_secret_post: a token the server signed for the client, one request")
    void postToken() {
        AccessToken token = provider(ClientSecretTest::post).fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(POST_ID);
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("issuer discovery: the server's RFC 8414 metadata names the token endpoint; one token request per token")
    void discovery() {
        TokenProvider provider = TokenProviders.load().withClock(clock).provider("oauth2", basic(ProviderConfig.builder()
                .put("issuer", server.issuer().toString())).build());

        provider.fetch();
        provider.fetch();

        assertThat(provider.toString()).contains("token endpoint " + server.tokenEndpoint());
        assertThat(server.tap().posts()).isEqualTo(2);
    }

    @Test
    @DisplayName("a wrong secret: the server's invalid_client is InvalidCredentialsException, after one request")
    void wrongSecret() {
        Throwable thrown = catchThrowable(() -> provider(b -> basic(b).putSecret("client-secret", "not-the-secret")).fetch());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("invalid_client");
        assertThat(thrown.getMessage()).doesNotContain("not-the-secret");
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("the command line: a token on stdout, exit 0; a wrong secret is exit 3, the secret printed nowhere")
    void commandLine() {
        String[] args = {"token", "oauth2", "-c", "token-url=" + server.tokenEndpoint(), "-c", "client-id=" + POST_ID,
                "-c", "auth-method=client_secret_post"};

        TokenkitCommand ok = TokenkitCommand.run(Map.of("TOKENKIT_OAUTH2_CLIENT_SECRET", POST_SECRET), args);
        TokenkitCommand wrong = TokenkitCommand.run(Map.of("TOKENKIT_OAUTH2_CLIENT_SECRET", "not-the-secret"), args);

        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(Jwts.claims(ok.out().strip()).getString("sub")).isEqualTo(POST_ID);
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(3);
        assertThat(wrong.err()).contains("invalid_client");
        assertThat(ok.out() + ok.err() + wrong.out() + wrong.err()).doesNotContain(POST_SECRET, "not-the-secret");
        assertThat(server.tap().posts()).isEqualTo(2);
    }

    @Test
    @DisplayName("the wrong method for the client (post where basic is registered): invalid_client, InvalidCredentialsException")
    void wrongMethod() {
        Throwable thrown = catchThrowable(() -> provider(b -> basic(b).put("auth-method", "client_secret_post")).fetch());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class);
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a 503 before the server: the source retries once after Retry-After, two requests for one token")
    void retryCounted() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        server.tap().failNext(1);
        try (TokenSource source = TokenProviders.load().withClock(clock)
                .sourceBuilder("oauth2", basic(ProviderConfig.builder()
                        .put("token-url", server.tokenEndpoint().toString())).build())
                .clock(clock).scheduler(scheduler).fetchExecutor(scheduler)
                .retry(RetryPolicy.defaults()).build()) {
            CompletableFuture<AccessToken> token = source.tokenAsync();
            scheduler.runDueTasks();
            assertThat(server.tap().posts()).isEqualTo(1);
            assertThat(token).isNotDone();

            scheduler.advance(Duration.ofSeconds(1));

            assertThat(Jwts.claims(token.get(10, TimeUnit.SECONDS)).getString("sub")).isEqualTo(BASIC_ID);
            assertThat(server.tap().posts()).isEqualTo(2);
            assertThat(scheduler.failures()).isEmpty();
        }
    }
}
