package dev.tokenkit.oauth2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.TokenKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tls_client_auth} and {@code self_signed_tls_client_auth} (RFC 8705) against a real HTTPS
 * token endpoint on loopback that requires a client certificate of the test's own CA: the
 * certificate authenticates, the form names the client and carries nothing secret, a source
 * without a certificate fails at creation without a request, and discovery picks the server's
 * mutual TLS alias of the token endpoint.
 */
class OAuth2MutualTlsTest {
    private static final String TOKEN = "{\"access_token\":\"mtls-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private static final String CLIENT_ID = "mtls-client";
    @TempDir
    static Path dir;
    private static TestKeys.Pair ca;
    private static TestKeys.Pair serverKey;
    private static TestKeys.Pair clientKey;
    private static Path caPem;
    private static Path clientKeystoreCopy;
    private static TestKeys.Pair otherClientKey;

    private final TokenProviders providers = TokenProviders.load();
    private MtlsServer server;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestKeys.generate(dir, "test-ca", "-keyalg", "EC", "-groupname", "secp256r1", "-ext", "bc:c");
        caPem = TestKeys.writeChainPem(ca, dir.resolve("ca.pem"));
        serverKey = TestKeys.issue(dir, ca, "server", "san=ip:127.0.0.1");
        clientKey = TestKeys.issue(dir, ca, "client", "eku=clientAuth");
        otherClientKey = TestKeys.issue(dir, ca, "other-client", "eku=clientAuth");
        Files.createDirectories(dir.resolve("replica-2"));
        clientKeystoreCopy = Files.copy(clientKey.keystore(), dir.resolve("replica-2").resolve("tls.p12"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ProviderConfig.Builder config(String method, Path keystore) {
        ProviderConfig.Builder config = ProviderConfig.builder().put("token-url", server.base() + "/token")
                .put("client-id", CLIENT_ID).put("auth-method", method).put("tls-trust", caPem.toString());
        if (keystore != null) {
            config.put("tls-client-keystore", keystore.toString())
                    .putSecret("tls-client-keystore-password", TestKeys.PASSWORD);
        }
        return config;
    }

    @Test
    @DisplayName("tls_client_auth: the certificate authenticates; the form is grant_type and client_id, nothing secret")
    void certificateAuthenticates() {
        server = MtlsServer.start(request -> TOKEN);

        var provider = providers.provider("oauth2", config("tls_client_auth", clientKey.keystore()).build());
        assertThat(provider.fetch().value()).isEqualTo("mtls-token-1");

        assertThat(server.requests()).hasSize(1);
        Recorded request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/token");
        assertThat(request.clientSubject()).contains("CN=client");
        assertThat(request.body()).isEqualTo("grant_type=client_credentials&client_id=" + CLIENT_ID);
        assertThat(request.authorization()).isNull();
    }

    @Test
    @DisplayName("self_signed_tls_client_auth sends the same form: client_id, no secret, no assertion")
    void selfSignedMethodSendsClientId() {
        server = MtlsServer.start(request -> TOKEN);

        providers.provider("oauth2", config("self_signed_tls_client_auth", clientKey.keystore()).put("scope", "read")
                .build()).fetch();

        assertThat(server.requests()).hasSize(1);
        Map<String, String> form = server.requests().get(0).form();
        assertThat(form).containsExactly(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", CLIENT_ID), Map.entry("scope", "read"));
    }

    @Test
    @DisplayName("without a client certificate, create() fails naming the transport options; nothing is sent")
    void noCertificateFailsAtCreation() {
        server = MtlsServer.start(request -> TOKEN);

        assertThatThrownBy(() -> providers.provider("oauth2", config("tls_client_auth", null).build()))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("auth-method=tls_client_auth authenticates with the TLS client certificate,"
                        + " and none is configured; set the transport options tls-client-certificate and"
                        + " tls-client-key (PEM files), or tls-client-keystore and tls-client-keystore-password");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    @DisplayName("a client secret or a signing key with a TLS method is refused as an option the method does not use")
    void credentialsOfOtherMethodsAreRefused() throws Exception {
        server = MtlsServer.start(request -> TOKEN);
        Path keyPem = TestKeys.writeKeyPem(clientKey, dir.resolve("client-key.pem"));

        assertThatThrownBy(() -> providers.provider("oauth2", config("tls_client_auth", clientKey.keystore())
                .putSecret("client-secret", "a-secret-that-must-not-be-sent").build()))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("option 'client-secret' is set, but auth-method=tls_client_auth does not send"
                        + " it; remove it")
                .hasMessageNotContaining("a-secret-that-must-not-be-sent");
        assertThatThrownBy(() -> providers.provider("oauth2", config("self_signed_tls_client_auth",
                clientKey.keystore()).put("private-key-file", keyPem.toString()).build()))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("option 'private-key-file' is set, but auth-method is"
                        + " self_signed_tls_client_auth, which does not use it")
                .hasMessageContaining("transport options tls-client-certificate and tls-client-key");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    @DisplayName("a plain http token-url with a TLS method fails at creation, even with allow-insecure-http")
    void plainHttpTokenUrlIsRefused() {
        server = MtlsServer.start(request -> TOKEN);

        assertThatThrownBy(() -> providers.provider("oauth2", config("tls_client_auth", clientKey.keystore())
                .put("token-url", "http://127.0.0.1:" + server.port() + "/token").put("allow-insecure-http", "true")
                .build()))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("option 'token-url' is http://127.0.0.1, but auth-method=tls_client_auth"
                        + " presents the client certificate in the TLS handshake, which plain http has not; set an"
                        + " https token endpoint");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    @DisplayName("invalid_client is invalid credentials, with a hint at the registered certificate; one request")
    void invalidClientHintsAtTheCertificate() {
        server = MtlsServer.answering(request -> new Answer(401, "{\"error\":\"invalid_client\"}"));
        var provider = providers.provider("oauth2", config("tls_client_auth", clientKey.keystore()).build());

        assertThatThrownBy(provider::fetch).isInstanceOf(InvalidCredentialsException.class)
                .hasMessageContaining("check that the TLS client certificate is the one registered for this client");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    @DisplayName("discovery: a TLS method posts to mtls_endpoint_aliases.token_endpoint, once per token")
    void discoveryPicksTheMtlsAlias() {
        server = MtlsServer.start(request -> request.path().startsWith("/.well-known/")
                ? "{\"issuer\":\"" + server.base() + "\",\"token_endpoint\":\"" + server.base() + "/token\","
                        + "\"mtls_endpoint_aliases\":{\"token_endpoint\":\"" + server.base() + "/mtls/token\"},"
                        + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"tls_client_auth\"]}"
                : TOKEN);
        var provider = providers.provider("oauth2", ProviderConfig.builder().put("issuer", server.base())
                .put("client-id", CLIENT_ID).put("auth-method", "tls_client_auth").put("tls-trust", caPem.toString())
                .put("tls-client-keystore", clientKey.keystore().toString())
                .putSecret("tls-client-keystore-password", TestKeys.PASSWORD).build());

        provider.fetch();
        provider.fetch();

        assertThat(server.requests()).extracting(Recorded::path).containsExactly(
                "/.well-known/oauth-authorization-server", "/mtls/token", "/mtls/token");
        assertThat(server.requests().get(1).form()).containsEntry("client_id", CLIENT_ID);
    }

    @Test
    @DisplayName("discovery: a server not listing the TLS method is a configuration error naming the option")
    void discoveryRefusesAnUnlistedTlsMethod() {
        server = MtlsServer.start(request -> "{\"issuer\":\"" + server.base() + "\",\"token_endpoint\":\""
                + server.base() + "/token\",\"token_endpoint_auth_methods_supported\":[\"tls_client_auth\"]}");
        var provider = providers.provider("oauth2", ProviderConfig.builder().put("issuer", server.base())
                .put("client-id", CLIENT_ID).put("auth-method", "self_signed_tls_client_auth")
                .put("tls-trust", caPem.toString()).put("tls-client-keystore", clientKey.keystore().toString())
                .putSecret("tls-client-keystore-password", TestKeys.PASSWORD).build());

        assertThatThrownBy(provider::fetch).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("lists token_endpoint_auth_methods_supported [tls_client_auth] without"
                        + " self_signed_tls_client_auth; set auth-method to a method it lists");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    @DisplayName("fleet key: the certificate's key names the token wherever the keystore lies, the private key is its secret material; no path in the key")
    void tokenKeyFollowsTheCertificate() {
        server = MtlsServer.start(request -> TOKEN);
        TokenKey a = key(clientKey.keystore());

        assertThat(key(clientKeystoreCopy)).isEqualTo(a);
        assertThat(key(otherClientKey.keystore()).identity()).isNotEqualTo(a.identity());
        assertThat(a.secretMaterial().reveal()).doesNotContain(TestKeys.PASSWORD)
                .doesNotContain(clientKey.keystore().toString())
                .as("the store's encryption key derives from the client's private key")
                .isNotEqualTo(key(otherClientKey.keystore()).secretMaterial().reveal());
        assertThat(a.secretMaterial().reveal()).as("secret material beyond the (absent) secret options").isNotEmpty();
    }

    private TokenKey key(Path keystore) {
        ProviderConfig config = config("tls_client_auth", keystore).build();
        var provider = providers.provider("oauth2", config);
        return ((CredentialKeyed) provider).tokenKey(config.validate(providers.describe("oauth2")));
    }

    /** One request as the server saw it. */
    record Recorded(String path, String body, String authorization, String clientSubject) {
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    /** A status and a JSON body. */
    record Answer(int status, String body) {
    }

    /**
     * An HTTPS server on 127.0.0.1 with a certificate of the test CA that requires a client
     * certificate of the same CA (the handshake fails without one), recording every request.
     */
    static final class MtlsServer implements AutoCloseable {
        private final HttpsServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final List<Recorded> requests = new CopyOnWriteArrayList<>();

        private MtlsServer(Function<Recorded, Answer> answer) throws IOException, GeneralSecurityException {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKey.privateKey(), new char[0], serverKey.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(pool);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server.createContext("/", exchange -> {
                try (exchange) {
                    Recorded request = record(exchange);
                    requests.add(request);
                    Answer reply = answer.apply(request);
                    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(reply.status(), body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }

        private static Recorded record(HttpExchange exchange) throws IOException {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String subject;
            try {
                subject = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                subject = "";
            }
            return new Recorded(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Authorization"), subject);
        }

        /** A server answering 200 with the JSON the function gives. */
        static MtlsServer start(Function<Recorded, String> json) {
            return answering(request -> new Answer(200, json.apply(request)));
        }

        static MtlsServer answering(Function<Recorded, Answer> answer) {
            try {
                return new MtlsServer(answer);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not start the HTTPS test server", e);
            }
        }

        String base() {
            return "https://127.0.0.1:" + port();
        }

        int port() {
            return server.getAddress().getPort();
        }

        List<Recorded> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
