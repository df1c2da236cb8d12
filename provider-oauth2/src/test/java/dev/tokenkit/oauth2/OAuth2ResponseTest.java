package dev.tokenkit.oauth2;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.OAuth2Emulator.ClientAuthentication;
import dev.tokenkit.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading the answer: RFC 6749 §5.1 tokens, §5.2 errors and the hints for them. */
class OAuth2ResponseTest {
    private static final String SECRET = "response-test-secret";
    private final ManualClock clock = ManualClock.create();
    private final TokenProviders providers = TokenProviders.load().withClock(clock);

    private TokenProvider provider(java.net.URI tokenUrl, String authMethod, String secret) {
        return providers.provider("oauth2", ProviderConfig.builder()
                .put("token-url", tokenUrl.toString())
                .put("client-id", OAuth2Emulator.DEMO_CLIENT_ID)
                .putSecret("client-secret", secret)
                .put("auth-method", authMethod)
                .build());
    }

    @Nested
    @DisplayName("a success answer")
    class Success {
        private final FakeTokenServer server = FakeTokenServer.start();

        @AfterEach
        void stop() {
            server.close();
        }

        private AccessToken answer(String body) {
            server.enqueue(FakeResponse.ok(body));
            return provider(server.baseUri(), "client_secret_basic", SECRET).fetch();
        }

        @Test
        @DisplayName("token_type in any case is Bearer; a missing one is Bearer too")
        void tokenType() {
            assertThat(answer("{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":60}").type()).isEqualTo("Bearer");
            assertThat(answer("{\"access_token\":\"t2\",\"token_type\":\"BEARER\",\"expires_in\":60}").type()).isEqualTo("Bearer");
            assertThat(answer("{\"access_token\":\"t3\",\"expires_in\":60}").type()).isEqualTo("Bearer");
            assertThat(answer("{\"access_token\":\"t4\",\"token_type\":\"bearer\"}").authorizationHeader()).isEqualTo("Bearer t4");
        }

        @Test
        @DisplayName("expires_in as a number or a numeric string; missing, the token carries no expiry (the engine's rule applies)")
        void lifetime() {
            assertThat(answer("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":300}").expiresAt())
                    .contains(clock.instant().plusSeconds(300));
            assertThat(answer("{\"access_token\":\"t2\",\"token_type\":\"Bearer\",\"expires_in\":\"300\"}").expiresAt())
                    .contains(clock.instant().plusSeconds(300));
            AccessToken noLifetime = answer("{\"access_token\":\"t3\",\"token_type\":\"Bearer\",\"scope\":\"read\"}");
            assertThat(noLifetime.expiresAt()).isEmpty();
            assertThat(noLifetime.issuedAt()).isEqualTo(clock.instant());
        }

        @Test
        @DisplayName("a refresh_token or other extra fields are ignored; no access_token is malformed")
        void fields() {
            assertThat(answer("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":60,"
                    + "\"refresh_token\":\"r\",\"id_token\":\"x\",\"ext_expires_in\":99}").value()).isEqualTo("t1");
            server.enqueue(FakeResponse.ok("{\"token_type\":\"Bearer\",\"expires_in\":60}"));
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                    () -> provider(server.baseUri(), "client_secret_basic", SECRET).fetch());
            assertThat(e).hasMessageContaining("access_token");
        }
    }

    @Nested
    @DisplayName("an error answer (RFC 6749 5.2), from the emulator")
    class Errors {
        private final OAuth2Emulator emulator = OAuth2Emulator.start();

        @AfterEach
        void stop() {
            emulator.close();
        }

        private <T extends TokenException> T fails(Class<T> type, TokenProvider provider) {
            T e = catchThrowableOfType(type, provider::fetch);
            assertThat(e).as("a %s", type.getSimpleName()).isNotNull();
            assertThat(e.getMessage()).doesNotContain(SECRET);
            return e;
        }

        @Test
        @DisplayName("a wrong secret by Basic: 401 invalid_client is invalid credentials, with no hint to switch")
        void wrongSecretBasic() {
            InvalidCredentialsException e = fails(InvalidCredentialsException.class,
                    provider(emulator.tokenEndpoint(), "client_secret_basic", SECRET));

            assertThat(e.httpStatus()).hasValue(401);
            assertThat(e.getMessage()).contains("error=invalid_client", "client-id, client-secret")
                    .doesNotContain("client_secret_post");
        }

        @Test
        @DisplayName("a wrong secret in the form: 400 invalid_client is invalid credentials too")
        void wrongSecretPost() {
            InvalidCredentialsException e = fails(InvalidCredentialsException.class,
                    provider(emulator.tokenEndpoint(), "client_secret_post", SECRET));

            assertThat(e.httpStatus()).hasValue(400);
            assertThat(e.getMessage()).contains("error=invalid_client");
        }

        @Test
        @DisplayName("a scope not allowed: rejected, with the code, the server's description and a hint")
        void invalidScope() {
            TokenRequestRejectedException e = fails(TokenRequestRejectedException.class, providers.provider("oauth2",
                    ProviderConfig.builder().put("token-url", emulator.tokenEndpoint().toString())
                            .put("client-id", OAuth2Emulator.DEMO_CLIENT_ID)
                            .putSecret("client-secret", OAuth2Emulator.DEMO_CLIENT_SECRET)
                            .put("scope", "read admin").build()));

            assertThat(e.getMessage()).contains("error=invalid_scope", "scope admin is not allowed", "check option scope");
        }

        @Test
        @DisplayName("client_secret_post at a Basic-only server: 401 with a Basic challenge hints client_secret_basic")
        void hintBasic() {
            assertThat(hint(ClientAuthentication.CLIENT_SECRET_BASIC, "client_secret_post"))
                    .contains("set auth-method=client_secret_basic");
        }

        @Test
        @DisplayName("client_secret_basic at a post-only server: invalid_client without a challenge hints client_secret_post")
        void hintPost() {
            assertThat(hint(ClientAuthentication.CLIENT_SECRET_POST, "client_secret_basic"))
                    .contains("set auth-method=client_secret_post");
        }

        /** The message when a server accepting only {@code accepted} gets the demo credentials by {@code used}. */
        private String hint(ClientAuthentication accepted, String used) {
            try (OAuth2Emulator only = OAuth2Emulator.builder().authMethods(accepted).start()) {
                return fails(InvalidCredentialsException.class,
                        provider(only.tokenEndpoint(), used, OAuth2Emulator.DEMO_CLIENT_SECRET)).getMessage();
            }
        }

        @Test
        @DisplayName("the grant refused to the client, or a bad resource: rejected with a hint")
        void grantAndTarget() {
            try (FakeTokenServer server = FakeTokenServer.start()) {
                server.enqueue(FakeResponse.status(400).json("{\"error\":\"unauthorized_client\"}"),
                        FakeResponse.status(400).json("{\"error\":\"invalid_target\"}"),
                        FakeResponse.status(404).json("{}"));
                TokenProvider provider = provider(server.baseUri(), "client_secret_basic", SECRET);

                assertThat(fails(TokenRequestRejectedException.class, provider).getMessage())
                        .contains("error=unauthorized_client", "allow this client the client credentials grant");
                assertThat(fails(TokenRequestRejectedException.class, provider).getMessage())
                        .contains("error=invalid_target", "check option resource");
                assertThat(fails(TokenRequestRejectedException.class, provider).getMessage())
                        .contains("check option token-url");
            }
        }
    }
}
