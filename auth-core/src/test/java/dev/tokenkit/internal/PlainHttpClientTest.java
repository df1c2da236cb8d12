package dev.tokenkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A plain {@code http://} request (a loopback endpoint) goes through a client that never set up
 * TLS: creating the JDK's default TLS context is most of what a JDK {@code HttpClient} costs a
 * fresh process, and the command line's start-up against a local endpoint must not pay it.
 */
class PlainHttpClientTest {
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", exchange -> {
            REQUESTS.incrementAndGet();
            byte[] body = "{\"access_token\":\"t\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static JdkHttpTransport transport() {
        return new JdkHttpTransport("plain-test", Duration.ofSeconds(5), Duration.ofSeconds(10), 65_536, false);
    }

    @Test
    @DisplayName("an http:// request is answered through a client without the default TLS context")
    void plainRequestSetsUpNoTls() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        int before = REQUESTS.get();

        TokenResponse response = transport().send(TokenRequest.post(uri).jsonBody(Map.of("a", "b")).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(REQUESTS.get() - before).isEqualTo(1);
        SSLContext context = transport().client(uri).sslContext();
        assertThat(context.getProtocol()).as("the plain client's TLS context").isEqualTo("none");
        assertThat(context).isNotSameAs(SSLContext.getDefault());
    }

    @Test
    @DisplayName("an https:// endpoint still gets the JDK's default TLS context")
    void tlsRequestUsesTheDefaultContext() throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token");

        assertThat(transport().client(uri).sslContext()).isSameAs(SSLContext.getDefault());
    }
}
