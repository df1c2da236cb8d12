package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An API protected by bearer tokens, for tests of HTTP client integrations: a
 * {@link FakeTokenServer} on loopback whose answers follow RFC 6750. It accepts every token
 * until a test {@linkplain #revoke revokes} it, and it records every request.
 *
 * <ul>
 *   <li>no {@code Authorization: Bearer} header: {@code 401} with {@code WWW-Authenticate: Bearer
 *       realm="kit"};</li>
 *   <li>a revoked token (or any, after {@link #rejectEveryToken()}): {@code 401} with
 *       {@code WWW-Authenticate: Bearer realm="kit", error="invalid_token"};</li>
 *   <li>otherwise, on {@value #FORBIDDEN_PATH}: {@code 403}; on {@value #SCOPE_PATH}: {@code 401}
 *       with {@code error="insufficient_scope"}; on any other path: {@code 200} with the body
 *       {@code <METHOD> <path> <request body>}.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link RecordedRequest#toString()} shows no header values, so no token.
 */
public final class ResourceServer implements AutoCloseable {
    /** The path that answers {@code 403} to a valid token. */
    public static final String FORBIDDEN_PATH = "/forbidden";
    /** The path that answers {@code 401} with {@code error="insufficient_scope"} to a valid token. */
    public static final String SCOPE_PATH = "/scope";

    private final FakeTokenServer server = FakeTokenServer.start();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile boolean rejectAll;

    private ResourceServer() {
        server.respondWith(this::answer);
    }

    /**
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @return the running server; close it when done
     */
    public static ResourceServer start() {
        return new ResourceServer();
    }

    /**
     * The address of a path on this server.
     *
     * @param path starting with {@code /}
     * @return the URI
     */
    public URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    /**
     * Rejects this token from now on.
     *
     * @param token the token
     */
    public void revoke(AccessToken token) {
        revoked.add(token.value());
    }

    /** Rejects every token from now on, as an API whose key has changed would. */
    public void rejectEveryToken() {
        rejectAll = true;
    }

    /**
     * Every request received, in arrival order.
     *
     * @return a snapshot
     */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    /**
     * How many requests were received.
     *
     * @return the count
     */
    public int requestCount() {
        return server.requestCount();
    }

    /**
     * The token values the requests carried, in arrival order; {@code "-"} for a request without
     * a bearer token.
     *
     * @return the values
     */
    public List<String> tokensSeen() {
        return server.requests().stream().map(r -> bearer(r).orElse("-")).toList();
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "ResourceServer[" + server.baseUri() + ", " + requestCount() + " requests]";
    }

    private FakeResponse answer(RecordedRequest request) {
        Optional<String> token = bearer(request);
        if (token.isEmpty()) {
            return FakeResponse.status(401).header("WWW-Authenticate", "Bearer realm=\"kit\"");
        }
        if (rejectAll || revoked.contains(token.get())) {
            return FakeResponse.status(401).header("WWW-Authenticate", "Bearer realm=\"kit\", error=\"invalid_token\"")
                    .body("token rejected");
        }
        if (request.path().equals(FORBIDDEN_PATH)) {
            return FakeResponse.status(403).body("forbidden");
        }
        if (request.path().equals(SCOPE_PATH)) {
            return FakeResponse.status(401)
                    .header("WWW-Authenticate", "Bearer realm=\"kit\", error=\"insufficient_scope\", scope=\"admin\"")
                    .body("insufficient scope");
        }
        return FakeResponse.status(200).header("Content-Type", "text/plain; charset=utf-8")
                .body(request.method() + " " + request.path() + " " + request.body());
    }

    private static Optional<String> bearer(RecordedRequest request) {
        return request.header("Authorization").filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7));
    }
}
