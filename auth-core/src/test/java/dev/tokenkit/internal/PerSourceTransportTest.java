package dev.tokenkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.testsupport.ConnectProxy;
import dev.tokenkit.testsupport.Pki;
import dev.tokenkit.testsupport.StubFactory;
import dev.tokenkit.testsupport.TestTokenFactory;
import dev.tokenkit.testsupport.TlsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-source transport options against real loopback servers: an HTTPS endpoint whose
 * certificate comes from the test's private CA, one that requires a client certificate, and a
 * CONNECT proxy; and the HTTP clients they share.
 */
class PerSourceTransportTest {
    @TempDir
    static Path dir;
    static Pki.Issued ca;
    static Pki.Issued clientCa;
    static Pki.Issued client;
    static TlsServer server;
    static TlsServer mtlsServer;
    static final TokenProviders PROVIDERS = TokenProviders.of(new TestTokenFactory("acme"));

    @BeforeAll
    static void servers() throws Exception {
        ca = Pki.ca(dir, "private-ca");
        clientCa = Pki.ca(dir, "client-ca");
        client = Pki.issue(dir, clientCa, "client-1", null);
        server = TlsServer.start(Pki.issue(dir, ca, "server", "127.0.0.1"), Optional.empty());
        mtlsServer = TlsServer.start(Pki.issue(dir, ca, "mtls-server", "127.0.0.1"), Optional.of(clientCa.cert()));
        for (Path p : List.of(client.key(), ca.key(), clientCa.key())) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        mtlsServer.close();
    }

    private static ProviderConfig.Builder config(TlsServer to) {
        return ProviderConfig.builder().put("base-url", to.uri().toString()).put("app-id", "app")
                .putSecret("app-secret", "s3cret");
    }

    private static ProviderConfig.Builder withClientPem(ProviderConfig.Builder b) {
        return b.put("tls-trust", ca.cert().toString()).put("tls-client-certificate", client.cert().toString())
                .put("tls-client-key", client.key().toString());
    }

    @Test
    @DisplayName("a private CA's endpoint fails without tls-trust, and works with it (PEM bundle or PKCS#12 store)")
    void privateCa() {
        int before = server.requests();
        Throwable untrusted = catchThrowable(() -> PROVIDERS.provider("acme", config(server).build()).fetch());
        assertThat(untrusted).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("certificate not trusted for host 127.0.0.1").hasMessageContaining("tls-trust");
        assertThat(server.requests()).isEqualTo(before);

        assertThat(PROVIDERS.provider("acme", config(server).put("tls-trust", ca.cert().toString()).build()).fetch().value())
                .isEqualTo("t");

        Path p12 = dir.resolve("trust.p12");
        Pki.keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", ca.cert().toString(), "-storetype",
                "PKCS12", "-keystore", p12.toString(), "-storepass", "trustpw");
        assertThat(PROVIDERS.provider("acme", config(server).put("tls-trust", p12.toString())
                .putSecret("tls-trust-password", "trustpw").build()).fetch().value()).isEqualTo("t");
        assertThat(server.requests() - before).isEqualTo(2);
    }

    @Test
    @DisplayName("an endpoint requiring a client certificate works only with one: PEM, or a PKCS#12 keystore")
    void mutualTls() {
        int before = mtlsServer.requests();
        int subjects = mtlsServer.clientSubjects().size();
        Throwable without = catchThrowable(() -> PROVIDERS.provider("acme", config(mtlsServer)
                .put("tls-trust", ca.cert().toString()).build()).fetch());
        assertThat(without).isInstanceOf(dev.tokenkit.TokenException.class);
        assertThat(mtlsServer.requests()).isEqualTo(before);

        assertThat(PROVIDERS.provider("acme", withClientPem(config(mtlsServer)).build()).fetch().value()).isEqualTo("t");

        Path p12 = Pki.pkcs12(dir, client, "client", "keystorepw");
        assertThat(PROVIDERS.provider("acme", config(mtlsServer).put("tls-trust", ca.cert().toString())
                .put("tls-client-keystore", p12.toString()).putSecret("tls-client-keystore-password", "keystorepw")
                .build()).fetch().value()).isEqualTo("t");
        assertThat(mtlsServer.clientSubjects().subList(subjects, mtlsServer.clientSubjects().size()))
                .containsExactly("CN=client-1", "CN=client-1");
    }

    @Test
    @DisplayName("ProviderContext.clientCertificate() is the configured leaf, empty without one")
    void clientCertificateInContext() {
        AtomicReference<Optional<X509Certificate>> seen = new AtomicReference<>();
        StubFactory factory = new StubFactory(new TestTokenFactory("acme").descriptor(), (config, context) -> {
            seen.set(context.clientCertificate());
            return new StubFactory.Fixed("acme");
        });
        TokenProviders providers = TokenProviders.of(factory);
        providers.provider("acme", withClientPem(config(mtlsServer)).build());
        assertThat(seen.get()).get().extracting(c -> c.getSubjectX500Principal().getName()).isEqualTo("CN=client-1");
        providers.provider("acme", config(mtlsServer).build());
        assertThat(seen.get()).isEmpty();
        assertThat(new ProviderContext() {
            @Override
            public dev.tokenkit.ProviderDescriptor descriptor() {
                return factory.descriptor();
            }

            @Override
            public InstantSource clock() {
                return InstantSource.system();
            }

            @Override
            public dev.tokenkit.spi.HttpTransport http() {
                throw new UnsupportedOperationException();
            }

            @Override
            public jakarta.json.spi.JsonProvider json() {
                throw new UnsupportedOperationException();
            }

            @Override
            public System.Logger logger() {
                return System.getLogger("x");
            }

            @Override
            public String redact(String text) {
                return text;
            }
        }.clientCertificate()).as("the SPI's default").isEmpty();
    }

    @Test
    @DisplayName("requests go through the proxy option's CONNECT proxy")
    void proxy() {
        try (ConnectProxy proxy = ConnectProxy.start()) {
            int before = server.requests();
            TokenProvider p = PROVIDERS.provider("acme", config(server).put("tls-trust", ca.cert().toString())
                    .put("proxy", proxy.address()).build());
            p.fetch();
            p.fetch();
            assertThat(server.requests() - before).isEqualTo(2);
            assertThat(proxy.connects()).containsExactly("127.0.0.1:" + server.port());
        }
    }

    @Test
    @DisplayName("1,000 sources over 3 transport settings make exactly 3 HTTP clients; each setting is its own")
    void clientsShared() {
        int before = HttpClients.CREATED.get();
        int requestsBefore = server.requests() + mtlsServer.requests();
        List<ProviderConfig> settings = List.of(
                config(server).put("tls-trust", ca.cert().toString()).put("connect-timeout", "4s").build(),
                withClientPem(config(mtlsServer)).put("connect-timeout", "4s").build(),
                withClientPem(config(mtlsServer)).put("connect-timeout", "6s").build());
        long start = System.nanoTime();
        List<TokenProvider> sources = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sources.add(PROVIDERS.provider("acme", settings.get(i % 3)));
        }
        long created = System.nanoTime();
        sources.forEach(TokenProvider::fetch);
        System.out.printf("1,000 providers over 3 transport settings: created in %d ms, 1,000 fetches in %d ms%n",
                (created - start) / 1_000_000, (System.nanoTime() - created) / 1_000_000);
        assertThat(HttpClients.CREATED.get() - before).isEqualTo(3);
        assertThat(server.requests() + mtlsServer.requests() - requestsBefore).isEqualTo(1000);
    }

    @Test
    @DisplayName("each transport setting that cannot work fails at create(), naming the option, without a request")
    void validatedAtCreate() throws Exception {
        int before = server.requests() + mtlsServer.requests();
        Path p12 = Pki.pkcs12(dir, client, "client-v", "keystorepw");
        Pki.Issued other = Pki.issue(dir, clientCa, "client-2", null);
        Map<String, ProviderConfig> cases = Map.of(
                "option 'tls-trust': the file " + dir.resolve("nope.pem") + " does not exist",
                config(server).put("tls-trust", dir.resolve("nope.pem").toString()).build(),
                "wrong password for tls-client-keystore",
                config(server).put("tls-client-keystore", p12.toString()).putSecret("tls-client-keystore-password", "bad").build(),
                "is not the certificate of this EC secp256r1 key",
                config(server).put("tls-client-certificate", other.cert().toString()).put("tls-client-key", client.key().toString()).build(),
                "set either tls-client-keystore or tls-client-certificate and tls-client-key, not both",
                withClientPem(config(server)).put("tls-client-keystore", p12.toString()).putSecret("tls-client-keystore-password", "keystorepw").build(),
                "option 'tls-client-key': a client key needs its certificate: set tls-client-certificate",
                config(server).put("tls-client-key", client.key().toString()).build(),
                "option 'tls-client-certificate': a client certificate needs its private key",
                config(server).put("tls-client-certificate", client.cert().toString()).build(),
                "option 'proxy': has value 'proxy.internal', which is not host:port",
                config(server).put("proxy", "proxy.internal").build(),
                "option 'tls-trust-password': it is set but tls-trust is not",
                config(server).putSecret("tls-trust-password", "x").build());
        cases.forEach((message, config) -> assertThatThrownBy(() -> PROVIDERS.provider("acme", config))
                .as(message).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageStartingWith("acme: ").hasMessageContaining(message));

        Instant expired = Pki.certificate(client.cert()).getNotAfter().toInstant().plusSeconds(1);
        assertThatThrownBy(() -> PROVIDERS.withClock(() -> expired).provider("acme", withClientPem(config(server)).build()))
                .hasMessageContaining("acme: option 'tls-client-certificate': the certificate CN=client-1 expired at");
        assertThat(server.requests() + mtlsServer.requests()).isEqualTo(before);
    }
}
