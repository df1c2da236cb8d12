package dev.tokenkit.interop.sas;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code tls_client_auth} and {@code self_signed_tls_client_auth} (RFC 8705 §2) against a real
 * Spring Authorization Server on HTTPS, client certificates requested: the certificates are made
 * by the test (a private CA), tokenkit trusts the CA through {@code tls-trust} and presents its
 * certificate through the transport options, and the server binds each token to the certificate
 * it saw ({@code cnf.x5t#S256}).
 */
class MutualTlsTest {
    private static final String PKI_CLIENT_ID = "mtls-client";
    private static final String SELF_SIGNED_ID = "self-signed-client";
    private static final String SECRET_ID = "https-secret-client";
    private static final String SECRET = "https-secret-1";

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TestPki.Entity client;
    private static TestPki.Entity stranger;
    private static TestPki.Entity selfSigned;
    private static JwksServer jwks;
    private static SpringAuthorizationServer server;
    private static Path clientTrust;

    @BeforeAll
    static void start() throws GeneralSecurityException {
        pki = TestPki.create(dir);
        TestPki.Entity tls = pki.issue("server", "CN=127.0.0.1", "127.0.0.1");
        client = pki.issue("client", "CN=mtls-client, O=tokenkit", null);
        stranger = pki.issue("stranger", "CN=stranger, O=tokenkit", null);
        selfSigned = pki.selfSigned("self-signed", "CN=self-signed-client, O=tokenkit");
        clientTrust = pki.trustStore("client-trust");
        jwks = JwksServer.start();
        String selfSignedJwks = jwks.publish(SELF_SIGNED_ID, List.of(certificateJwk(selfSigned.certificate()))).toString();
        server = SpringAuthorizationServer.builder()
                .https(tls.keyStore(), pki.trustStore("server-trust", selfSigned.certificate()), TestPki.PASSWORD)
                .client(client(PKI_CLIENT_ID, ClientAuthenticationMethod.TLS_CLIENT_AUTH, ClientSettings.builder()
                        .x509CertificateSubjectDN(client.certificate().getSubjectX500Principal().getName())))
                .client(client(SELF_SIGNED_ID, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientSettings.builder()
                        .jwkSetUrl(selfSignedJwks)))
                .client(RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId(SECRET_ID)
                        .clientSecret("{noop}" + SECRET)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .build())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    @BeforeEach
    void reset() {
        server.tap().reset();
    }

    private static RegisteredClient client(String id, ClientAuthenticationMethod method, ClientSettings.Builder settings) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("read")
                .clientSettings(settings.build())
                .tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(true).build())
                .build();
    }

    /** The client's public key with its certificate ({@code x5c}), as RFC 8705 §2.2 has the client publish it. */
    private static JWK certificateJwk(X509Certificate certificate) throws GeneralSecurityException {
        ECPublicKey key = (ECPublicKey) certificate.getPublicKey();
        return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key)
                .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded())))
                .build();
    }

    /** tokenkit on the server's HTTPS token endpoint, trusting the test's CA. */
    private static ProviderConfig.Builder tls(String clientId, String method) {
        return ProviderConfig.builder()
                .put("token-url", server.tokenEndpoint().toString())
                .put("tls-trust", pki.caPem().toString())
                .put("client-id", clientId)
                .put("auth-method", method)
                .put("scope", "read");
    }

    private static ProviderConfig.Builder pem(ProviderConfig.Builder b, TestPki.Entity entity) {
        return b.put("tls-client-certificate", entity.certificatePem().toString())
                .put("tls-client-key", entity.keyPem().toString());
    }

    private static String thumbprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256);
    }

    private static String boundTo(AccessToken token) {
        return Jwts.claims(token).getJsonObject("cnf").getString("x5t#S256");
    }

    @Test
    @DisplayName("HTTPS with a private CA: without tls-trust the handshake fails (a configuration error naming tls-trust, no request"
            + " reaches the endpoint); with it, a token")
    void privateCa() {
        ProviderConfig.Builder config = ProviderConfig.builder().put("token-url", server.tokenEndpoint().toString())
                .put("client-id", SECRET_ID).putSecret("client-secret", SECRET);

        Throwable untrusted = catchThrowable(() -> TokenProviders.load().provider("oauth2", config.build()).fetch());
        assertThat(server.tap().posts()).isZero();
        AccessToken token = TokenProviders.load().provider("oauth2",
                config.put("tls-trust", pki.caPem().toString()).build()).fetch();

        assertThat(untrusted).isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("tls-trust");
        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(SECRET_ID);
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("control, without tokenkit: the JDK's HttpClient with each client's certificate gets a token bound to it")
    void control() throws Exception {
        for (TestPki.Entity entity : List.of(client, selfSigned)) {
            String id = entity == client ? PKI_CLIENT_ID : SELF_SIGNED_ID;
            HttpResponse<String> answer = DirectCall.post(server.tokenEndpoint(),
                    Map.of("grant_type", "client_credentials", "client_id", id, "scope", "read"),
                    clientTrust, entity.keyStore(), TestPki.PASSWORD);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            String token = Json.createReader(new StringReader(answer.body())).readObject().getString("access_token");
            assertThat(Jwts.claims(token).getJsonObject("cnf").getString("x5t#S256")).isEqualTo(thumbprint(entity.certificate()));
        }
        assertThat(server.tap().posts()).isEqualTo(2);
    }

    @Test
    @DisplayName("tls_client_auth, certificate and key as PEM: a token bound to that certificate; one request")
    void pkiPem() throws Exception {
        AccessToken token = TokenProviders.load().provider("oauth2", pem(tls(PKI_CLIENT_ID, "tls_client_auth"), client).build()).fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(PKI_CLIENT_ID);
        assertThat(boundTo(token)).isEqualTo(thumbprint(client.certificate()));
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("tls_client_auth, a PKCS#12 key store, configured by issuer: discovery, then a token; one token request")
    void pkiKeyStoreWithDiscovery() throws Exception {
        TokenProvider provider = TokenProviders.load().provider("oauth2", ProviderConfig.builder()
                .put("issuer", server.issuer().toString())
                .put("tls-trust", pki.caPem().toString())
                .put("client-id", PKI_CLIENT_ID)
                .put("auth-method", "tls_client_auth")
                .put("tls-client-keystore", client.keyStore().toString())
                .putSecret("tls-client-keystore-password", TestPki.PASSWORD)
                .build());

        AccessToken token = provider.fetch();

        assertThat(boundTo(token)).isEqualTo(thumbprint(client.certificate()));
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("self_signed_tls_client_auth: the server finds the certificate in the client's JWK Set; a token bound to it")
    void selfSigned() throws Exception {
        AccessToken token = TokenProviders.load().provider("oauth2",
                pem(tls(SELF_SIGNED_ID, "self_signed_tls_client_auth"), selfSigned).build()).fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(SELF_SIGNED_ID);
        assertThat(boundTo(token)).isEqualTo(thumbprint(selfSigned.certificate()));
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a certificate the server does not know for the client (right CA, other subject): InvalidCredentialsException, one request")
    void unknownCertificate() {
        Throwable thrown = catchThrowable(() -> TokenProviders.load().provider("oauth2",
                pem(tls(PKI_CLIENT_ID, "tls_client_auth"), stranger).build()).fetch());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("invalid_client");
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a CA-signed certificate where a self-signed one is registered: InvalidCredentialsException; the CLI with a certificate the server does not know exits 3")
    void wrongKindOfCertificate() {
        Throwable thrown = catchThrowable(() -> TokenProviders.load().provider("oauth2",
                pem(tls(SELF_SIGNED_ID, "self_signed_tls_client_auth"), client).build()).fetch());
        TokenkitCommand run = TokenkitCommand.run(Map.of(), "token", "oauth2", "-c", "token-url=" + server.tokenEndpoint(),
                "-c", "tls-trust=" + pki.caPem(), "-c", "client-id=" + PKI_CLIENT_ID, "-c", "auth-method=tls_client_auth",
                "-c", "tls-client-certificate=" + stranger.certificatePem(), "-c", "tls-client-key=" + stranger.keyPem());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(server.tap().posts()).isEqualTo(2);
    }
}
