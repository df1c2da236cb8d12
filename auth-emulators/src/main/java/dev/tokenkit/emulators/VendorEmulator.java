package dev.tokenkit.emulators;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shell every vendor emulator shares: a {@link FakeTokenServer} on loopback whose fallback
 * answers as the vendor would, the token endpoint's address, and a count of issued tokens.
 * Responses {@linkplain FakeTokenServer#enqueue enqueued} on {@link #server()} answer first, so a
 * test can script a fault and then let the emulator carry on. A third party writes an emulator
 * for its own vendor by implementing {@link #respond(RecordedRequest)} and {@link #forget()}.
 *
 * <p>Beside the token endpoint every emulator serves a protected API, {@code GET}
 * {@value #PROTECTED_PATH} ({@link #protectedEndpoint()}), so that a client can use a token as it
 * would against the vendor's API: with {@code Authorization: Bearer <token>} carrying a token the
 * built-in emulator issued and that has not expired on its clock, it answers {@code 200}
 * {@code {"sub":"<subject>","expires_in":<seconds left>}} ({@code sub} when the token has one);
 * otherwise {@code 401} with an RFC 6750 challenge, {@code WWW-Authenticate: Bearer
 * realm="tokenkit-emulator"} and, for a token it rejects, {@code error="invalid_token"} and an
 * {@code error_description}. The emulators sign their JWTs (HMAC-SHA256) with a random key of
 * their own that never leaves them, so only their own tokens pass. It answers before the
 * vendor's logic, also while SingleView's emulator is down; scripted responses still come first.
 */
public abstract class VendorEmulator implements AutoCloseable {
    /** The path of the protected API that accepts the emulator's tokens. */
    public static final String PROTECTED_PATH = "/api/me";

    private final FakeTokenServer server;
    /** Signs the emulator's tokens; never leaves it. */
    private final byte[] signingKey = EmulatorSupport.randomBytes(32);
    private final ProtectedResource protectedResource;
    private final String tokenPath;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    /**
     * Starts the server on a free port; the emulator answers once {@link #plugIn()} is called.
     *
     * @param tokenPath the path of the vendor's token endpoint, e.g. {@code /oauth/token}
     * @throws java.io.UncheckedIOException if no port could be bound
     */
    protected VendorEmulator(String tokenPath) {
        this(tokenPath, 0);
    }

    /**
     * Starts the server on the given port; the emulator answers once {@link #plugIn()} is called.
     *
     * @param tokenPath the path of the vendor's token endpoint, e.g. {@code /oauth/token}
     * @param port      the port, or 0 for a free one
     * @throws java.io.UncheckedIOException if the port could not be bound
     */
    protected VendorEmulator(String tokenPath, int port) {
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath");
        this.protectedResource = new ProtectedResource(signingKey, InstantSource.system());
        this.server = FakeTokenServer.start(port);
    }

    /**
     * The built-in emulators': the builder's clock also decides whether a token is still valid, and
     * its {@link Builder#https()} serves HTTPS.
     */
    VendorEmulator(String tokenPath, Builder<?> builder) {
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath");
        this.protectedResource = new ProtectedResource(signingKey, builder.clock());
        this.server = builder.https ? FakeTokenServer.startHttps(builder.port()) : FakeTokenServer.start(builder.port());
    }

    /**
     * Makes {@link #respond(RecordedRequest)} the server's fallback. Builders call it once the
     * emulator is fully constructed.
     */
    protected final void plugIn() {
        server.respondWith(request -> {
            FakeResponse answer = request.path().equals(PROTECTED_PATH) ? protectedResource.answer(request)
                    : respond(request);
            Duration extra = latency;
            return extra.isZero() ? answer : answer.delay(extra);
        });
    }

    /**
     * Delays every answer of the emulator by this much from now on, as a slow vendor would
     * (responses {@linkplain FakeTokenServer#enqueue scripted} on the server keep their own).
     *
     * @param latency zero or positive; zero answers at once
     */
    public void latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        this.latency = latency;
    }

    /**
     * Answers a request as the vendor would. Runs on server threads, concurrently.
     *
     * @param request the request
     * @return the answer
     */
    protected abstract FakeResponse respond(RecordedRequest request);

    /** Forgets the emulator's own state (caches, outages); called by {@link #reset()}. */
    protected abstract void forget();

    /** A JWT of these claims, signed with this emulator's key, so its protected API accepts it. */
    final String jwt(jakarta.json.JsonObject claims) {
        return EmulatorSupport.jwt(claims, signingKey);
    }

    /**
     * Counts one issued token.
     *
     * @return the count so far
     */
    protected final int countIssued() {
        return tokensIssued.incrementAndGet();
    }

    /**
     * The base URI to configure a client with, for example {@code http://127.0.0.1:41234} (no
     * trailing slash).
     *
     * @return the base URI
     */
    public URI baseUri() {
        return server.baseUri();
    }

    /**
     * The full token endpoint: {@link #baseUri()} plus the vendor's token path.
     *
     * @return the token endpoint's URI
     */
    public URI tokenEndpoint() {
        return URI.create(server.baseUri() + tokenPath);
    }

    /**
     * The protected API: {@link #baseUri()} plus {@value #PROTECTED_PATH}. {@code GET} it with
     * {@code Authorization: Bearer <token>} to use a token the emulator issued.
     *
     * @return the protected API's URI
     */
    public URI protectedEndpoint() {
        return URI.create(server.baseUri() + PROTECTED_PATH);
    }

    /**
     * The server underneath, to {@linkplain FakeTokenServer#enqueue script faults} that answer
     * before the emulator does, and to inspect and count {@linkplain FakeTokenServer#requests()
     * requests}. Do not call its {@link FakeTokenServer#reset() reset()} or
     * {@link FakeTokenServer#respondWith respondWith(…)}, which would unplug the emulator; use
     * {@link #reset()} instead.
     *
     * @return the server
     */
    public FakeTokenServer server() {
        return server;
    }

    /**
     * How many tokens the emulator has issued since start or the last {@link #reset()}. An
     * answer that hands out a token issued before (a cache hit) issues none.
     *
     * @return the number of tokens issued
     */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    /**
     * Forgets the emulator's state and the issue count, and {@linkplain FakeTokenServer#reset()
     * resets} the server (recorded requests, request count, scripted responses) while keeping the
     * emulator plugged in. Meant for between tests, while no request is in flight: a request that
     * arrives during the reset may be answered {@code 500}.
     */
    public void reset() {
        server.reset();
        forget();
        tokensIssued.set(0);
        plugIn();
    }

    /** Stops the server; see {@link FakeTokenServer#close()}. Calling it again has no effect. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * What every emulator's builder sets: the clock and the port.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private InstantSource clock = InstantSource.system();
        private int port;
        private boolean https;

        /** For the emulators' builders. */
        protected Builder() {
        }

        /**
         * The clock that issues and ages tokens, for example a
         * {@code dev.tokenkit.testing.ManualClock} shared with the client under test.
         *
         * @param clock the clock; the default is {@link InstantSource#system()}
         * @return this builder
         */
        public final B clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return self();
        }

        /**
         * The port to listen on, on {@code 127.0.0.1}.
         *
         * @param port 0 (the default: any free port) to 65535
         * @return this builder
         * @throws IllegalArgumentException if the port is outside 0..65535
         */
        public final B port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
            }
            this.port = port;
            return self();
        }

        /**
         * Serves HTTPS instead of HTTP, as {@link FakeTokenServer#startHttps(int)} does: with a
         * self-signed certificate made at start ({@code server().certificate()}, the trust anchor
         * a client needs), asking each client for a certificate. Only the built-in emulators
         * honour it; an emulator built on the protected constructors serves HTTP.
         *
         * @return this builder
         */
        public final B https() {
            this.https = true;
            return self();
        }

        /**
         * The clock set.
         *
         * @return the clock
         */
        protected final InstantSource clock() {
            return clock;
        }

        /**
         * The port set.
         *
         * @return the port, 0 for any free one
         */
        protected final int port() {
            return port;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
