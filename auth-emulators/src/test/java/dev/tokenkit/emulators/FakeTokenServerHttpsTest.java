package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeTokenServerHttpsTest {

    private final FakeTokenServer server = FakeTokenServer.startHttps(0);

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpRequest get() {
        return HttpRequest.newBuilder(server.baseUri().resolve("/token")).timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    @DisplayName("serves HTTPS on 127.0.0.1 with a self-signed certificate that is its own trust anchor")
    void https() throws Exception {
        server.enqueue(FakeResponse.ok("{}"));
        X509Certificate certificate = server.certificate().orElseThrow();

        assertThat(server.baseUri().toString()).startsWith("https://127.0.0.1:");
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectAlternativeNames()).contains(java.util.List.of(7, "127.0.0.1"), java.util.List.of(2, "localhost"));
        assertThat(TestTls.client(certificate, null).send(get(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(server.takeRequest().clientCertificates()).isEmpty();
        assertThat(FakeTokenServer.start().certificate()).isEmpty();
    }

    @Test
    @DisplayName("a client that does not trust the certificate cannot connect, and nothing is recorded")
    void untrusted() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(get(), BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    @DisplayName("the certificate a client presents is recorded with its request, whoever issued it")
    void clientCertificate() throws Exception {
        server.enqueue(FakeResponse.ok("{}"));
        SelfSignedCertificate client = TestTls.clientCertificate("CN=client-7,O=Acme");

        TestTls.client(server.certificate().orElseThrow(), client).send(get(), BodyHandlers.ofString());

        assertThat(server.takeRequest().clientCertificates()).singleElement()
                .extracting(X509Certificate::getSubjectX500Principal).isEqualTo(new X500Principal("CN=client-7, O=Acme"));
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
