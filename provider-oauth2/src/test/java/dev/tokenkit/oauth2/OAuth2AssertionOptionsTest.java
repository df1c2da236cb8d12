package dev.tokenkit.oauth2;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every configuration error of the assertion methods is found by create(), before any request,
 * and named by option and fix without quoting key material or passwords.
 */
class OAuth2AssertionOptionsTest {
    private static final String STORE_PASSWORD_WRONG = "not-the-store-password";
    @TempDir
    static Path dir;
    private static TestKeys.Pair rsa;
    private static TestKeys.Pair ec;
    private static Path rsaPem;
    private static Path ecPem;

    private final ManualClock clock = ManualClock.at(Instant.now());
    private final FakeTokenServer server = FakeTokenServer.start();

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestKeys.generate(dir, "rsa", "-keyalg", "RSA", "-keysize", "2048");
        ec = TestKeys.generate(dir, "ec", "-keyalg", "EC", "-groupname", "secp256r1");
        rsaPem = TestKeys.writeKeyPem(rsa, dir.resolve("rsa.pem"));
        ecPem = TestKeys.writeKeyPem(ec, dir.resolve("ec.pem"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderConfig.Builder privateKeyJwt() {
        return ProviderConfig.builder().put("token-url", server.baseUri() + "/oauth2/token")
                .put("client-id", "options-client").put("auth-method", "private_key_jwt");
    }

    /** The message of the configuration error create() raises; no request was made, no key material quoted. */
    private String rejected(UnaryOperator<ProviderConfig.Builder> config) {
        ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                () -> TokenProviders.load().withClock(clock).provider("oauth2", config.apply(privateKeyJwt()).build()));
        assertThat(e).as("a configuration error").isNotNull();
        assertThat(e.getMessage()).doesNotContain(TestKeys.keyBase64(rsa).substring(40, 80),
                TestKeys.keyBase64(ec).substring(40, 80), TestKeys.PASSWORD, STORE_PASSWORD_WRONG);
        assertThat(server.requestCount()).as("requests made by create").isZero();
        return e.getMessage();
    }

    @Test
    @DisplayName("private_key_jwt without a key, or with two: names the four choices")
    void keySources() {
        assertThat(rejected(b -> b)).contains("auth-method=private_key_jwt needs exactly one of options"
                + " 'private-key-file'", "'key-store'", "'client-assertion-file'", "none is set");
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("key-store", "x.p12")))
                .contains("private-key-file and key-store are set");
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).putSecret("client-secret", "s3cr3t-s3cr3t")))
                .contains("option 'client-secret' is set, but auth-method=private_key_jwt does not send it");
        assertThat(rejected(b -> b.put("auth-method", "client_secret_basic").putSecret("client-secret", "s3cr3t-s3cr3t")
                .put("private-key-file", rsaPem.toString())))
                .contains("option 'private-key-file' is set, but auth-method is client_secret_basic");
    }

    @Test
    @DisplayName("an unreadable key file: names the option and the path")
    void unreadableKey() {
        assertThat(rejected(b -> b.put("private-key-file", dir.resolve("missing.pem").toString())))
                .contains("option 'private-key-file'", "missing.pem");
    }

    @Test
    @DisplayName("a wrong keystore password: says so, without the password")
    void wrongPassword() {
        assertThat(rejected(b -> b.put("key-store", rsa.keystore().toString())
                .putSecret("key-store-password", STORE_PASSWORD_WRONG)))
                .contains("option 'key-store'", "password");
    }

    @Test
    @DisplayName("an algorithm that does not fit the key: names both and the algorithms that fit")
    void algorithmMismatch() {
        assertThat(rejected(b -> b.put("private-key-file", ecPem.toString()).put("assertion-algorithm", "RS256")))
                .contains("auth-method=private_key_jwt: algorithm RS256 does not fit the key, an EC key on curve P-256:"
                        + " it signs ES256");
    }

    @Test
    @DisplayName("a certificate of another key: names the certificate, not the key")
    void certificateOfAnotherKey() throws Exception {
        Path otherChain = TestKeys.writeChainPem(ec, dir.resolve("ec-chain.pem"));
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString())
                .put("certificate-file", otherChain.toString())))
                .contains("is not the certificate of this");
    }

    @Test
    @DisplayName("an expired certificate (on the provider's clock): names it and when it expired")
    void expiredCertificate() throws Exception {
        Path chain = TestKeys.writeChainPem(rsa, dir.resolve("rsa-chain.pem"));
        clock.advance(Duration.ofDays(10));
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("certificate-file", chain.toString())
                .put("assertion-x5t", "true")))
                .contains("option 'certificate-file'", "expired at", "renew it");
    }

    @Test
    @DisplayName("x5t without a certificate: the header needs one")
    void x5tWithoutCertificate() {
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("assertion-x5t", "true")))
                .contains("carry x5t, which name a certificate, but no certificate was given");
    }

    @Test
    @DisplayName("client_secret_jwt with a secret under 32 bytes: HS256 needs 32")
    void shortHmacSecret() {
        assertThat(rejected(b -> b.put("auth-method", "client_secret_jwt").putSecret("client-secret", "short-secret-1")))
                .contains("auth-method=client_secret_jwt: the secret has 14 bytes, but HS256 needs at least 32")
                .doesNotContain("short-secret-1");
        assertThat(rejected(b -> b.put("auth-method", "client_secret_jwt")))
                .contains("missing option 'client-secret', which auth-method=client_secret_jwt needs");
    }

    @Test
    @DisplayName("assertion options: audience=issuer without issuer, registered or malformed extra claims")
    void assertionOptions() {
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("assertion-audience", "issuer")))
                .contains("option 'assertion-audience' is 'issuer', but option 'issuer' is not set");
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("assertion-claims", "{\"exp\":1}")))
                .contains("option 'assertion-claims' sets [exp], which tokenkit sets itself");
        assertThat(rejected(b -> b.put("private-key-file", rsaPem.toString()).put("assertion-claims", "[1]")))
                .contains("option 'assertion-claims' is not a JSON object");
    }

    @Test
    @DisplayName("a client-assertion-file that is missing, empty or not a JWT: names the file, never its content")
    void assertionFile() throws Exception {
        assertThat(rejected(b -> b.put("client-assertion-file", dir.resolve("none").toString())))
                .contains("option 'client-assertion-file': the file", "cannot be read");
        Path notJwt = Files.writeString(dir.resolve("not-a-jwt"), "secret-looking-text");
        assertThat(rejected(b -> b.put("client-assertion-file", notJwt.toString())))
                .contains("does not hold a JWT").doesNotContain("secret-looking-text");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(rejected(b -> b.put("client-assertion-file", empty.toString()))).contains("is empty");
    }
}
