package dev.tokenkit.testsupport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1, ephemeral port, for tests: records every request and answers
 * with whatever the current {@link Responder} says. A responder may block (see {@link #hang()});
 * {@link #close()} releases it.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Writes the answer to one exchange; the request body has already been read. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    /** A recorded request. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Responder responder = json(200, "{}");

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Headers h = exchange.getRequestHeaders();
                requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Map.copyOf(h), body));
                responder.respond(exchange);
            } catch (IOException e) {
                // the client went away (timeout, size cap): expected in several tests
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static LoopbackServer start() {
        try {
            return new LoopbackServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers every later request with this responder. */
    public LoopbackServer answer(Responder r) {
        this.responder = r;
        return this;
    }

    /** Answers every later request with this status, JSON body and headers (name, value, ...). */
    public LoopbackServer answer(int status, String body, String... headers) {
        return answer(json(status, body, headers));
    }

    /** Accepts requests and never answers (until {@link #close()}). */
    public LoopbackServer hang() {
        return answer(hanging());
    }

    /** A responder that never answers (until {@link #close()}), to compose with others. */
    public Responder hanging() {
        return exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * A 200 answer whose body comes one byte at a time, {@code interval} apart (until
     * {@link #close()}): a client with a per-read timeout longer than {@code interval} would wait
     * for all of it.
     */
    public Responder trickled(String body, Duration interval) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream os = exchange.getResponseBody();
            for (byte b : bytes) {
                os.write(b);
                os.flush();
                try {
                    if (release.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public Recorded onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size());
        }
        return requests.get(0);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    /** A responder with a fixed status, body ({@code application/json} unless a Content-Type is given) and headers. */
    public static Responder json(int status, String body, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            Headers out = exchange.getResponseHeaders();
            boolean typed = false;
            for (int i = 0; i + 1 < headers.length; i += 2) {
                out.add(headers[i], headers[i + 1]);
                typed |= headers[i].equalsIgnoreCase("Content-Type");
            }
            if (!typed) {
                out.add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        };
    }

    /** Waits {@code delay}, then answers as {@code then} does (no answer if the server closes first). */
    public static Responder delayed(Duration delay, Responder then) {
        return exchange -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.respond(exchange);
        };
    }

    /** A 200 answer with a Content-Length of {@code size} bytes: {@code json}, then spaces (still valid JSON). */
    public static Responder padded(String json, long size) {
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, size);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(head);
                byte[] spaces = new byte[8192];
                java.util.Arrays.fill(spaces, (byte) ' ');
                for (long written = head.length; written < size; written += spaces.length) {
                    os.write(spaces, 0, (int) Math.min(spaces.length, size - written));
                }
            }
        };
    }

    /** A 200 answer without Content-Length (chunked) carrying {@code size} bytes of a JSON string. */
    public static Responder chunked(int size) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream os = exchange.getResponseBody()) {
                byte[] chunk = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
                os.write("{\"token\":\"".getBytes(StandardCharsets.US_ASCII));
                for (int written = 0; written < size; written += chunk.length) {
                    os.write(chunk);
                    os.flush();
                }
                os.write("\",\"ttl\":60}".getBytes(StandardCharsets.US_ASCII));
            }
        };
    }
}
