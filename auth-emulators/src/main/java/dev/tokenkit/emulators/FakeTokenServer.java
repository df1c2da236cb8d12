package dev.tokenkit.emulators;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A token endpoint for tests: a real HTTP/1.1 server on {@code 127.0.0.1} and an ephemeral
 * port, answering with scripted {@link FakeResponse}s and recording every request.
 *
 * <pre>{@code
 * try (FakeTokenServer server = FakeTokenServer.start()) {
 *     server.enqueue(FakeResponse.ok("{\"access_token\":\"abc\",\"expires_in\":3600}"));
 *     // ... point the client under test at server.baseUri() ...
 *     RecordedRequest request = server.takeRequest();
 *     assertThat(request.header("content-type")).contains("application/json");
 * }
 * }</pre>
 *
 * <p><b>Choosing the answer.</b> Each request takes the next response from the FIFO queue
 * filled by {@link #enqueue(FakeResponse...)}. When the queue is empty the function set with
 * {@link #respondWith(Function)} answers; without one the server answers {@code 500} with a
 * text body such as {@code FakeTokenServer: no response scripted for POST /token}, so a test
 * that forgot to script an answer fails visibly.
 *
 * <p><b>Recording.</b> A request is recorded once its body has been read and before it is
 * answered, so by the time a client sees any outcome (even a dropped connection) the request
 * is in {@link #requests()}.
 *
 * <p><b>HTTPS.</b> {@link #startHttps(int)} serves HTTPS instead, with a certificate made at
 * start (EC P-256, self-signed, for {@code 127.0.0.1} and {@code localhost}; its own trust
 * anchor, {@link #certificate()}), and asks every client for a certificate without requiring one:
 * a request records the chain its client presented ({@link RecordedRequest#clientCertificates()}),
 * whoever issued it, so that what the chain proves is the answering function's to decide (as an
 * OAuth 2.0 server's mutual-TLS client authentication does, RFC 8705).
 *
 * <p><b>Threads.</b> All methods are thread-safe. Requests are handled by up to
 * {@value #MAX_HANDLER_THREADS} daemon threads at once, so slow scripted answers do not hold up
 * quick ones; further requests wait in line. {@link #close()} ends every delay, trickle and
 * unanswered request at once, closes all connections and stops the threads.
 */
public final class FakeTokenServer implements AutoCloseable {

    /** How many requests are handled at the same time; more wait for a free thread. */
    public static final int MAX_HANDLER_THREADS = 64;

    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK, about 40 ms per answer. Switch it off (TCP_NODELAY)
        // unless the JVM was started with a choice of its own. The JDK reads the property once,
        // when its server first starts in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer httpServer;
    private final ThreadPoolExecutor handlers;
    private final URI baseUri;
    private final Optional<X509Certificate> certificate;
    /** Released by {@link #close()}: ends every scripted wait. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private final Object lock = new Object();
    private final ArrayDeque<FakeResponse> scripted = new ArrayDeque<>();
    private Function<RecordedRequest, FakeResponse> fallback;
    private final List<RecordedRequest> recorded = new ArrayList<>();
    private int taken;
    private final AtomicInteger requestCount = new AtomicInteger();

    private FakeTokenServer(HttpServer httpServer, ThreadPoolExecutor handlers,
            Optional<X509Certificate> certificate) {
        this.httpServer = httpServer;
        this.handlers = handlers;
        this.certificate = certificate;
        this.baseUri = URI.create((certificate.isPresent() ? "https://" : "http://")
                + httpServer.getAddress().getAddress().getHostAddress() + ":" + httpServer.getAddress().getPort());
    }

    /**
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @return the running server; close it when done
     * @throws UncheckedIOException if no port could be bound
     */
    public static FakeTokenServer start() {
        return start(0);
    }

    /**
     * Starts a server on {@code 127.0.0.1} and the given port.
     *
     * @param port the port, or 0 for a free one
     * @return the running server; close it when done
     * @throws UncheckedIOException     if the port could not be bound (for example, it is in use)
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public static FakeTokenServer start(int port) {
        return start(new byte[] {127, 0, 0, 1}, port, null);
    }

    /**
     * Starts a server that speaks HTTPS on {@code 127.0.0.1} and the given port, with a
     * certificate made now (EC P-256, self-signed, valid for {@code 127.0.0.1} and
     * {@code localhost} for 30 days). A client trusts it by trusting {@link #certificate()}. The
     * server asks each client for a certificate, accepts any or none, and records what it was
     * given ({@link RecordedRequest#clientCertificates()}).
     *
     * @param port the port, or 0 for a free one
     * @return the running server; close it when done
     * @throws UncheckedIOException     if the port could not be bound
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public static FakeTokenServer startHttps(int port) {
        return start(new byte[] {127, 0, 0, 1}, port,
                SelfSignedCertificate.create("CN=tokenkit emulator", Instant.now().minus(Duration.ofMinutes(5)),
                        Duration.ofDays(30)));
    }

    /**
     * Starts a server on another loopback address, such as {@code 127.0.0.2}, and a free port: a
     * second host for tests of what crosses from one origin to another (Linux answers the whole
     * {@code 127.0.0.0/8}; other systems may need an alias).
     *
     * @param loopback the four bytes of an address in {@code 127.0.0.0/8}
     * @return the running server; close it when done
     * @throws UncheckedIOException     if the address cannot be bound
     * @throws IllegalArgumentException if the address is not in {@code 127.0.0.0/8}
     */
    public static FakeTokenServer startOn(byte[] loopback) {
        if (loopback.length != 4 || loopback[0] != 127) {
            throw new IllegalArgumentException("startOn takes an IPv4 loopback address, 127.x.y.z");
        }
        return start(loopback.clone(), 0, null);
    }

    private static FakeTokenServer start(byte[] address, int port, SelfSignedCertificate identity) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        int number = SERVER_NUMBER.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threadFactory = task -> {
            Thread thread = new Thread(task,
                    "FakeTokenServer-" + number + "-handler-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(MAX_HANDLER_THREADS,
                MAX_HANDLER_THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threadFactory);
        handlers.allowCoreThreadTimeOut(true);
        HttpServer httpServer;
        try {
            InetAddress loopback = InetAddress.getByAddress(address);
            // a deep accept backlog: tests open a thousand connections at once
            InetSocketAddress bound = new InetSocketAddress(loopback, port);
            httpServer = identity == null ? HttpServer.create(bound, 1024) : https(bound, identity);
        } catch (IOException e) {
            handlers.shutdownNow();
            throw new UncheckedIOException("FakeTokenServer: cannot bind to " + (address[0] & 0xff) + "."
                    + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff) + ":" + port
                    + (port == 0 ? "" : " (is the port in use? choose another, or 0 for any free port)"), e);
        }
        FakeTokenServer server = new FakeTokenServer(httpServer, handlers,
                Optional.ofNullable(identity).map(SelfSignedCertificate::certificate));
        httpServer.createContext("/", server::handle);
        httpServer.setExecutor(handlers);
        httpServer.start();
        return server;
    }

    /** An HTTPS server with this identity that asks for a client certificate and takes any. */
    private static HttpsServer https(InetSocketAddress address, SelfSignedCertificate identity) throws IOException {
        SSLContext context;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", identity.privateKey(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS with an EC P-256 key, which every Java SE 17 can", e);
        }
        HttpsServer server = HttpsServer.create(address, 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setWantClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /**
     * The server's address without a trailing slash, for example
     * {@code http://127.0.0.1:41234}, or {@code https://127.0.0.1:41234} for a server
     * {@linkplain #startHttps(int) started with HTTPS}.
     *
     * @return the base URI
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * The certificate of a server {@linkplain #startHttps(int) started with HTTPS}: self-signed,
     * so it is also the trust anchor a client needs.
     *
     * @return the certificate, or empty for a plain HTTP server
     */
    public Optional<X509Certificate> certificate() {
        return certificate;
    }

    /**
     * Adds responses to the end of the queue; each request takes the first one.
     *
     * @param responses the responses, in the order they are to be used
     */
    public void enqueue(FakeResponse... responses) {
        for (FakeResponse response : responses) {
            Objects.requireNonNull(response, "response");
        }
        synchronized (lock) {
            scripted.addAll(Arrays.asList(responses));
        }
    }

    /**
     * Sets the function that answers when the queue is empty, replacing any earlier one.
     * It is called on a server thread, possibly by several threads at once, with the recorded
     * request. If it throws, the request is answered {@code 500}.
     *
     * @param responder makes a response for a request; {@code null} removes the function
     */
    public void respondWith(Function<RecordedRequest, FakeResponse> responder) {
        synchronized (lock) {
            fallback = responder;
        }
    }

    /**
     * How many enqueued responses have not been used yet (the fallback function is not
     * counted). Handy to assert that a test used exactly the responses it scripted.
     *
     * @return the number of queued responses
     */
    public int pendingResponses() {
        synchronized (lock) {
            return scripted.size();
        }
    }

    /**
     * All requests received since start or the last {@link #reset()}, in arrival order.
     *
     * @return an unmodifiable snapshot
     */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(recorded);
        }
    }

    /**
     * The oldest request not yet taken; each call returns the next one. It does not wait: it
     * is meant for after the client's call has returned, when the request is already recorded.
     *
     * @return the next request in arrival order
     * @throws NoSuchElementException if every received request has been taken already
     */
    public RecordedRequest takeRequest() {
        synchronized (lock) {
            if (taken >= recorded.size()) {
                throw new NoSuchElementException("FakeTokenServer: no request left to take ("
                        + recorded.size() + " received, all taken)");
            }
            return recorded.get(taken++);
        }
    }

    /**
     * The most recently received request.
     *
     * @return the last request
     * @throws NoSuchElementException if no request was received
     */
    public RecordedRequest lastRequest() {
        synchronized (lock) {
            if (recorded.isEmpty()) {
                throw new NoSuchElementException("FakeTokenServer: no request received");
            }
            return recorded.get(recorded.size() - 1);
        }
    }

    /**
     * How many requests were received since start or the last {@link #reset()}; a cheap read
     * that takes no lock.
     *
     * @return the request count
     */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * Forgets recorded requests, the request count, queued responses and the fallback function,
     * so the server is as if newly started (on the same port). Requests being answered at that
     * moment finish with the response they already chose.
     */
    public void reset() {
        synchronized (lock) {
            scripted.clear();
            fallback = null;
            recorded.clear();
            taken = 0;
            requestCount.set(0);
        }
    }

    /**
     * Stops the server promptly: ends every scripted delay, trickle and unanswered request,
     * closes all connections (clients waiting on them see an {@link IOException}) and stops the
     * handler threads. Calling it again has no effect.
     */
    @Override
    public void close() {
        synchronized (closing) {
            if (closing.getCount() == 0) {
                return;
            }
            closing.countDown();
        }
        httpServer.stop(0);
        handlers.shutdownNow();
        boolean interrupted = false;
        try {
            // handler threads only wait on 'closing' or on sockets, both released by now
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The address and how many requests were received so far.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "FakeTokenServer[" + baseUri + ", " + requestCount() + " requests]";
    }

    // --- request handling (server threads) ---

    /**
     * Handles one exchange. The exchange is closed only after a complete answer: to drop or cut
     * a connection the handler throws {@link ConnectionAborted} instead, and the JDK server
     * closes the socket (closing the exchange would finish a chunked body properly).
     */
    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        FakeResponse response;
        RecordedRequest request;
        Function<RecordedRequest, FakeResponse> responder;
        synchronized (lock) {
            request = record(exchange, body);
            response = scripted.poll();
            responder = response == null ? fallback : null;
        }
        if (response == null) {
            response = respond(responder, request);
        }
        answer(exchange, request, response);
        exchange.close();
    }

    private RecordedRequest record(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        RecordedRequest request = new RecordedRequest(requestCount.incrementAndGet(),
                exchange.getRequestMethod(), uri.getRawPath() == null ? "" : uri.getRawPath(),
                uri.getRawQuery(), exchange.getRequestHeaders(), body, Instant.now(), clientCertificates(exchange));
        recorded.add(request);
        return request;
    }

    private static List<X509Certificate> clientCertificates(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : https.getSSLSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    private static FakeResponse respond(Function<RecordedRequest, FakeResponse> responder,
            RecordedRequest request) {
        if (responder == null) {
            return FakeResponse.status(500)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .body("FakeTokenServer: no response scripted for " + request.method() + ' '
                            + request.path());
        }
        try {
            return Objects.requireNonNull(responder.apply(request),
                    "the respondWith function returned null");
        } catch (RuntimeException e) {
            return FakeResponse.status(500)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .body("FakeTokenServer: the respondWith function failed for "
                            + request.method() + ' ' + request.path() + ": " + e);
        }
    }

    private void answer(HttpExchange exchange, RecordedRequest request, FakeResponse response)
            throws IOException {
        pause(response.delay());
        switch (response.mode()) {
            case DROP_CONNECTION:
                throw new ConnectionAborted("dropped the connection as scripted");
            case NEVER_ANSWER:
                awaitClose();
                throw new ConnectionAborted("closed while holding an unanswered request");
            default:
                break;
        }
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> header : response.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        boolean reset = response.mode() == FakeResponse.Mode.RESET_MID_BODY;
        long length = response.bodyLength();
        boolean noBody = request.method().equalsIgnoreCase("HEAD") || !response.bodyAllowed()
                || (length == 0 && !reset);
        if (noBody) {
            exchange.sendResponseHeaders(response.statusCode(), -1);
            return;
        }
        long declared = reset ? Math.max(length, 1) : length;
        exchange.sendResponseHeaders(response.statusCode(), response.isChunked() ? 0 : declared);
        long toSend = reset ? length / 2 : length;
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[(int) Math.min(response.chunkSize(), Math.max(toSend, 1))];
        Duration interval = response.chunkInterval();
        for (long sent = 0; sent < toSend; ) {
            if (sent > 0) {
                pause(interval);
            }
            int chunk = (int) Math.min(buffer.length, toSend - sent);
            response.fill(sent, buffer, chunk);
            out.write(buffer, 0, chunk);
            if (!interval.isZero()) {
                out.flush();
            }
            sent += chunk;
        }
        if (reset) {
            out.flush();
            throw new ConnectionAborted("closed the connection mid-body as scripted");
        }
        out.close();
    }

    /** Waits, ending early (by abandoning the exchange) when the server closes. */
    private void pause(Duration duration) throws ConnectionAborted {
        if (duration.isZero()) {
            return;
        }
        try {
            if (closing.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ConnectionAborted("closed during a scripted wait");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAborted("interrupted during a scripted wait");
        }
    }

    private void awaitClose() throws ConnectionAborted {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAborted("interrupted while holding an unanswered request");
        }
    }

    /**
     * Accepts any client certificate, or none, for the handshake: the answering function decides
     * what a certificate proves (RFC 8705 §2: by subject, or by the exact certificate registered).
     */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // every chain is recorded and judged per request, not here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server's trust manager checks no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * Thrown out of the handler on purpose: the JDK server then closes the connection without
     * finishing the response, which is exactly how a drop or a reset looks to the client.
     */
    private static final class ConnectionAborted extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionAborted(String message) {
            super("FakeTokenServer " + message);
        }
    }
}
