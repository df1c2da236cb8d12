package dev.tokenkit.emulators;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shell every vendor emulator shares: a {@link FakeTokenServer} on loopback whose fallback
 * answers as the vendor would, the token endpoint's address, and a count of issued tokens.
 * Responses {@linkplain FakeTokenServer#enqueue enqueued} on {@link #server()} answer first, so a
 * test can script a fault and then let the emulator carry on. A third party writes an emulator
 * for its own vendor by implementing {@link #respond(RecordedRequest)} and {@link #forget()}.
 */
public abstract class VendorEmulator implements AutoCloseable {
    private final FakeTokenServer server = FakeTokenServer.start();
    private final String tokenPath;
    private final AtomicInteger tokensIssued = new AtomicInteger();

    /**
     * Starts the server; the emulator answers once {@link #plugIn()} is called.
     *
     * @param tokenPath the path of the vendor's token endpoint, e.g. {@code /oauth/token}
     * @throws java.io.UncheckedIOException if no port could be bound
     */
    protected VendorEmulator(String tokenPath) {
        this.tokenPath = Objects.requireNonNull(tokenPath, "tokenPath");
    }

    /**
     * Makes {@link #respond(RecordedRequest)} the server's fallback. Builders call it once the
     * emulator is fully constructed.
     */
    protected final void plugIn() {
        server.respondWith(this::respond);
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
}
