package dev.tokenkit.oauth2;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shared store names a private_key_jwt client's token after its private key: replicas holding
 * the same key share one token wherever the key file lies, another key never shares it, and the
 * store's encryption key comes from the private key, not from a path.
 */
class OAuth2FleetKeyTest {
    private static final String TOKEN = "{\"access_token\":\"fleet-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    @TempDir
    static Path dir;
    private static Path keyA;
    private static Path keyACopy;
    private static Path keyB;

    private final FakeTokenServer server = FakeTokenServer.start();
    private final TokenProviders providers = TokenProviders.load();

    @BeforeAll
    static void keys() throws Exception {
        keyA = TestKeys.writeKeyPem(TestKeys.generate(dir, "a", "-keyalg", "RSA", "-keysize", "2048"), dir.resolve("a.pem"));
        Files.createDirectories(dir.resolve("replica-2"));
        keyACopy = Files.copy(keyA, dir.resolve("replica-2").resolve("client.pem"));
        keyB = TestKeys.writeKeyPem(TestKeys.generate(dir, "b", "-keyalg", "RSA", "-keysize", "2048"), dir.resolve("b.pem"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderConfig config(Path key) {
        return ProviderConfig.builder().put("token-url", server.baseUri() + "/oauth2/token").put("client-id", "fleet")
                .put("auth-method", "private_key_jwt").put("private-key-file", key.toString()).build();
    }

    private TokenKey key(Path keyFile) {
        ProviderConfig config = config(keyFile);
        var provider = providers.provider("oauth2", config);
        return ((CredentialKeyed) provider).tokenKey(config.validate(providers.describe("oauth2")));
    }

    @Test
    @DisplayName("the same key at another path is the same identity; another key is another; the material is the key")
    void identityFollowsTheKey() {
        TokenKey a = key(keyA);
        assertThat(key(keyACopy)).isEqualTo(a);
        assertThat(key(keyB).identity()).isNotEqualTo(a.identity());
        assertThat(a.secretMaterial().reveal()).contains("private-key=").doesNotContain(keyA.toString());
        assertThat(a.toString()).doesNotContain("private-key=");
    }

    @Test
    @DisplayName("two replicas with the key at different paths, one store: one token request")
    void replicasShareOneToken() {
        TokenStore store = TokenStore.inMemory();
        server.respondWith(request -> FakeResponse.ok(TOKEN));
        try (TokenSource first = providers.sourceBuilder("oauth2", config(keyA)).store(store).build();
             TokenSource second = providers.sourceBuilder("oauth2", config(keyACopy)).store(store).build();
             TokenSource other = providers.sourceBuilder("oauth2", config(keyB)).store(store).build()) {
            assertThat(first.token().value()).isEqualTo("fleet-token-1");
            assertThat(second.token().value()).isEqualTo("fleet-token-1");
            assertThat(server.requestCount()).as("the second replica reads the stored token").isEqualTo(1);
            other.token();
            assertThat(server.requestCount()).as("another key fetches its own").isEqualTo(2);
        }
    }
}
