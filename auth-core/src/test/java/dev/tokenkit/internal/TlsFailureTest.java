package dev.tokenkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenRequest;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS failure is not an outage: a self-signed endpoint (a real HTTPS server on loopback, with a
 * certificate made by the JDK's keytool) fails once, as a configuration error that names the cause.
 */
class TlsFailureTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @BeforeAll
    static void selfSignedServer() throws Exception {
        Path keystore = dir.resolve("self-signed.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool: %s", output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            REQUESTS.incrementAndGet();
            byte[] body = "{\"accessToken\":\"t\",\"expiresIn\":3600}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.deleteIfExists(keystore);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    private static JdkHttpTransport transport() {
        return new JdkHttpTransport("tls-test", Duration.ofSeconds(5), Duration.ofSeconds(10), 65_536, false);
    }

    @Test
    @DisplayName("a self-signed certificate is a configuration error naming the cause, not retryable")
    void untrustedCertificate() {
        Throwable e = catchThrowable(() -> transport().send(TokenRequest.post(endpoint())
                .jsonBody(Map.of("a", "b")).build()));
        assertThat(e).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1 failed: certificate not trusted for host 127.0.0.1")
                .hasMessageContaining("keytool -importcert");
        assertThat(((TokenException) e).isRetryable()).isFalse();
    }

    @Test
    @DisplayName("through a TokenSource the handshake is tried once, not retried as an outage")
    void notRetried() {
        int before = REQUESTS.get();
        AtomicInteger attempts = new AtomicInteger();
        JdkHttpTransport http = transport();
        TokenProvider provider = new TokenProvider() {
            @Override
            public String id() {
                return "tls-test";
            }

            @Override
            public AccessToken fetch() {
                attempts.incrementAndGet();
                http.send(TokenRequest.post(endpoint()).jsonBody(Map.of("a", "b")).build());
                throw new AssertionError("the handshake should have failed");
            }
        };
        try (TokenSource source = TokenSource.builder(provider).retry(RetryPolicy.defaults()).build()) {
            assertThat(catchThrowable(source::token)).isInstanceOf(ProviderConfigurationException.class);
        }
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(REQUESTS.get()).as("no request reached the server").isEqualTo(before);
    }
}
