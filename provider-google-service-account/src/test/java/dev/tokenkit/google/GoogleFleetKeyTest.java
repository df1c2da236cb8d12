package dev.tokenkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.GoogleServiceAccountEmulator;
import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared store names a service account's token after its private key: replicas holding the same
 * key share one token wherever the key file lies (or when one holds it in key-json), another key
 * never shares it, and the store's encryption key comes from the private key, not from a path.
 */
class GoogleFleetKeyTest {
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final KeyPair KEY_A = TestServiceAccounts.rsa();
    private static final KeyPair KEY_B = TestServiceAccounts.rsa();

    @TempDir
    Path dir;

    private final GoogleServiceAccountEmulator google = GoogleServiceAccountEmulator.builder()
            .serviceAccount(TestServiceAccounts.EMAIL, TestServiceAccounts.KEY_ID, KEY_A.getPublic()).start();
    private final TokenProviders providers = TokenProviders.load();

    @AfterEach
    void stop() {
        google.close();
    }

    private Path keyFile(String name, KeyPair key) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return TestServiceAccounts.write(file, key, google.tokenEndpoint().toString());
    }

    private static ProviderConfig config(Path keyFile) {
        return ProviderConfig.builder().put("key-file", keyFile.toString()).put("scopes", SCOPE).build();
    }

    private TokenKey key(ProviderConfig config) {
        var provider = providers.provider("google-service-account", config);
        return ((CredentialKeyed) provider).tokenKey(config.validate(providers.describe("google-service-account")));
    }

    @Test
    @DisplayName("the same key at another path or in key-json is the same identity; another key is another; the material is the key")
    void identityFollowsTheKey() throws Exception {
        Path a = keyFile("a.json", KEY_A);
        TokenKey keyA = key(config(a));
        assertThat(key(config(keyFile("replica-2/service-account.json", KEY_A)))).isEqualTo(keyA);
        assertThat(key(ProviderConfig.builder().putSecret("key-json", Files.readString(a)).put("scopes", SCOPE).build()))
                .isEqualTo(keyA);
        assertThat(key(config(keyFile("b.json", KEY_B))).identity()).isNotEqualTo(keyA.identity());
        assertThat(key(ProviderConfig.builder().put("key-file", a.toString()).put("scopes", "openid").build()).identity())
                .as("other scopes, another token").isNotEqualTo(keyA.identity());
        assertThat(keyA.secretMaterial().reveal()).contains("private-key=").doesNotContain(a.toString())
                .doesNotContain(dir.toString());
        assertThat(keyA.identity()).doesNotContain(dir.toString());
        assertThat(keyA.toString()).doesNotContain("private-key=");
    }

    @Test
    @DisplayName("two replicas with the key file at different paths, one store: one token request")
    void replicasShareOneToken() throws Exception {
        TokenStore store = TokenStore.inMemory();
        try (TokenSource first = providers.sourceBuilder("google-service-account", config(keyFile("a.json", KEY_A)))
                .store(store).build();
             TokenSource second = providers.sourceBuilder("google-service-account",
                     config(keyFile("replica-2/a.json", KEY_A))).store(store).build()) {
            assertThat(second.token().fingerprint()).isEqualTo(first.token().fingerprint());
            assertThat(google.server().requestCount()).as("the second replica reads the stored token").isEqualTo(1);
        }
    }
}
