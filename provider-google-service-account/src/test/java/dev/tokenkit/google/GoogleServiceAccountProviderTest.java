package dev.tokenkit.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.GoogleServiceAccountEmulator;
import dev.tokenkit.emulators.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider against the Google emulator, which verifies each assertion with the key's public half. */
class GoogleServiceAccountProviderTest {
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final KeyPair KEY = TestServiceAccounts.rsa();

    @TempDir
    Path dir;

    private final GoogleServiceAccountEmulator google = GoogleServiceAccountEmulator.builder()
            .serviceAccount(TestServiceAccounts.EMAIL, TestServiceAccounts.KEY_ID, KEY.getPublic()).start();
    private final TokenProviders providers = TokenProviders.load();

    @AfterEach
    void stop() {
        google.close();
    }

    private ProviderConfig.Builder config(KeyPair key) {
        Path file = TestServiceAccounts.write(dir.resolve("key-" + System.nanoTime() + ".json"), key,
                google.tokenEndpoint().toString());
        return ProviderConfig.builder().put("key-file", file.toString()).put("scopes", SCOPE);
    }

    private static String assertion(RecordedRequest request) {
        String body = request.body();
        return URLDecoder.decode(body.substring(body.indexOf("assertion=") + "assertion=".length()), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the key file's token_uri is asked; every fetch signs a new assertion the emulator verifies: one request each")
    void tokens() throws Exception {
        TokenProvider provider = providers.provider("google-service-account", config(KEY).build());

        AccessToken first = provider.fetch();
        AccessToken second = provider.fetch();

        assertThat(first.value()).isNotEqualTo(second.value());
        assertThat(first.expiresAt()).isPresent();
        assertThat(google.server().requestCount()).isEqualTo(2);
        assertThat(google.tokensIssued()).isEqualTo(2);
        String one = assertion(google.server().requests().get(0));
        assertThat(TestServiceAccounts.verifies(one, KEY.getPublic())).isTrue();
        assertThat(TestServiceAccounts.part(one, 1)).doesNotContain("\"sub\"");
        assertThat(provider.toString()).contains(TestServiceAccounts.EMAIL).doesNotContain(one);
    }

    @Test
    @DisplayName("subject (domain-wide delegation) becomes the assertion's sub; key-json works as key-file does")
    void subjectAndKeyJson() throws Exception {
        TokenProvider provider = providers.provider("google-service-account", ProviderConfig.builder()
                .putSecret("key-json", TestServiceAccounts.json(KEY, google.tokenEndpoint().toString()))
                .put("scopes", SCOPE + "," + SCOPE + ".read-only").put("subject", "admin@example.com").build());

        provider.fetch();

        String claims = TestServiceAccounts.part(assertion(google.server().lastRequest()), 1);
        assertThat(claims).contains("\"sub\":\"admin@example.com\"")
                .contains("\"scope\":\"" + SCOPE + " " + SCOPE + ".read-only\"");
    }

    @Test
    @DisplayName("another key: Google's invalid_grant is InvalidCredentialsException after one request, naming no key or assertion")
    void wrongKey() {
        KeyPair other = TestServiceAccounts.rsa();
        TokenProvider provider = providers.provider("google-service-account", config(other).build());

        assertThatThrownBy(provider::fetch).isInstanceOf(InvalidCredentialsException.class)
                .hasMessageContaining("invalid_grant").hasMessageContaining("key-file")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(assertion(google.server().lastRequest()).split("\\.")[2]);
                    String pemBody = TestServiceAccounts.pem(other).split("\n")[1];
                    assertThat(e.getMessage()).doesNotContain(pemBody);
                });
        assertThat(google.server().requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("configuration errors are found at create(), without a request, and never quote the key")
    void configurationErrors() throws Exception {
        String pemLine = TestServiceAccounts.pem(KEY).split("\n")[1];
        assertThatThrownBy(() -> providers.provider("google-service-account", ProviderConfig.builder()
                .put("scopes", SCOPE).build())).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("set option 'key-file'");
        assertThatThrownBy(() -> providers.provider("google-service-account", config(KEY)
                .putSecret("key-json", TestServiceAccounts.json(KEY, null)).build()))
                .hasMessageContaining("are both set");
        assertThatThrownBy(() -> providers.provider("google-service-account", ProviderConfig.builder()
                .put("key-file", dir.resolve("missing.json").toString()).put("scopes", SCOPE).build()))
                .hasMessageContaining("does not exist; check the path");
        Path noEmail = Files.writeString(dir.resolve("no-email.json"),
                TestServiceAccounts.json(KEY, null).replace("client_email", "email"));
        assertThatThrownBy(() -> providers.provider("google-service-account", ProviderConfig.builder()
                .put("key-file", noEmail.toString()).put("scopes", SCOPE).build()))
                .hasMessageContaining("has no 'client_email'").hasMessageNotContaining(pemLine);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecKey = ec.generateKeyPair();
        String ecPem = Base64.getMimeEncoder().encodeToString(ecKey.getPrivate().getEncoded());
        assertThatThrownBy(() -> providers.provider("google-service-account", config(ecKey).build()))
                .hasMessageContaining("not an RSA key").hasMessageNotContaining(ecPem.substring(0, 30));
        assertThatThrownBy(() -> providers.provider("google-service-account", config(KEY).put("scopes", " , ").build()))
                .hasMessageContaining("names no scope");
        assertThatThrownBy(() -> providers.provider("google-service-account", ProviderConfig.builder()
                .putSecret("key-json", "{\"type\":\"authorized_user\"}").put("scopes", SCOPE).build()))
                .hasMessageContaining("is not a service-account key");
        assertThat(google.server().requestCount()).isZero();
    }
}
