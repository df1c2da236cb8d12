package dev.tokenkit.interop.sas;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the clients' JWK Sets on loopback, as a client's own web server would: the
 * authorization server fetches {@code jwkSetUrl} to verify a {@code private_key_jwt}
 * assertion or a self-signed client certificate. Only public keys are served.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> sets = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    static JwksServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            JwksServer jwks = new JwksServer(server);
            server.createContext("/jwks/", jwks::answer);
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port for the JWK Sets", e);
        }
    }

    /** Publishes the public half of {@code keys} at {@link #url(String) url(name)}. */
    URI publish(String name, List<JWK> keys) {
        JWKSet publicKeys = new JWKSet(keys).toPublicJWKSet();
        if (publicKeys.getKeys().stream().anyMatch(JWK::isPrivate)) {
            throw new IllegalStateException("a JWK Set to publish still holds a private key");
        }
        sets.put(name, publicKeys.toString());
        return url(name);
    }

    URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks/" + name);
    }

    /** GET requests answered so far. */
    int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/jwks/".length());
            String body = sets.get(name);
            if (!"GET".equals(exchange.getRequestMethod()) || body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
