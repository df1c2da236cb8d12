package dev.tokenkit.testsupport;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS token endpoint on 127.0.0.1 ({@code com.sun.net.httpserver.HttpsServer}) with a
 * certificate of the test's own CA, answering {@code {"token": "t", "ttl": 3600}}; optionally
 * requiring a client certificate issued by a given CA. Counts requests and records the subject
 * of each client certificate presented.
 */
public final class TlsServer implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> clientSubjects = new CopyOnWriteArrayList<>();

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add some 20 ms to every exchange on a kept-alive connection
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private TlsServer(Pki.Issued serverCert, Optional<Path> clientCa) throws IOException, GeneralSecurityException {
        KeyMaterial key = KeyFiles.readPem("server", serverCert.key(), Optional.empty(), Optional.of(serverCert.cert()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key.privateKey(), new char[0], key.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clientCa.isPresent() ? KeyFiles.readTrustStore("client-ca", clientCa.get(), Optional.empty()) : null);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(clientCa.isPresent());
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                requests.incrementAndGet();
                try {
                    clientSubjects.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
                } catch (SSLPeerUnverifiedException e) {
                    // no client certificate presented
                }
                byte[] body = "{\"token\":\"t\",\"ttl\":3600}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** A server with this certificate, requiring a client certificate from {@code clientCa} when given. */
    public static TlsServer start(Pki.Issued serverCert, Optional<Path> clientCa) {
        try {
            return new TlsServer(serverCert, clientCa);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://127.0.0.1:port}. */
    public URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    public List<String> clientSubjects() {
        return List.copyOf(clientSubjects);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
