package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 *   <li>on {@value #REDIRECT_PATH}, whatever the token: the redirect {@link #redirect} describes;</li>
 *   <li>no {@code Authorization: Bearer} header: {@code 401} with {@code WWW-Authenticate: Bearer
 *       realm="kit"} (unless {@link #admitRequestsWithoutToken()});</li>
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
    /**
     * The path that answers a redirect: {@code ?status=<3xx>&to=<URI>}; without {@code to}, to
     * itself (a loop), and without {@code status}, a {@code 302}.
     */
    public static final String REDIRECT_PATH = "/redirect";

    private final FakeTokenServer server;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile boolean rejectAll;
    private volatile boolean open;

    private ResourceServer(FakeTokenServer server) {
        this.server = server;
        server.respondWith(this::answer);
    }

    /**
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @return the running server; close it when done
     */
    public static ResourceServer start() {
        return new ResourceServer(FakeTokenServer.start());
    }

    /**
     * Starts a server on another loopback address and a free port, as another host would be: for
     * example {@code startOn(new byte[] {127, 0, 0, 2})}.
     *
     * @param loopback the four bytes of an address in {@code 127.0.0.0/8}
     * @return the running server; close it when done
     * @throws java.io.UncheckedIOException when the address cannot be bound on this machine
     */
    public static ResourceServer startOn(byte[] loopback) {
        return new ResourceServer(FakeTokenServer.startOn(loopback));
    }

    /**
     * The address on this server that redirects to {@code target} with {@code status}, whatever
     * the request carries: as a gateway, a moved API or a hostile server would.
     *
     * @param status the status, e.g. {@code 302}
     * @param target where the {@code Location} header points
     * @return the URI
     */
    public URI redirect(int status, URI target) {
        return uri(REDIRECT_PATH + "?status=" + status + "&to="
                + URLEncoder.encode(target.toString(), StandardCharsets.UTF_8));
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

    /**
     * Answers requests without a bearer token as it answers those with a valid one, from now on: a
     * public page, whose answer to a redirected request is a {@code 200} whether or not a token
     * came along.
     */
    public void admitRequestsWithoutToken() {
        open = true;
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
        if (request.path().equals(REDIRECT_PATH)) {
            return redirectAnswer(request.query());
        }
        Optional<String> token = bearer(request);
        if (token.isEmpty() && !open) {
            return FakeResponse.status(401).header("WWW-Authenticate", "Bearer realm=\"kit\"");
        }
        if (token.isPresent() && (rejectAll || revoked.contains(token.get()))) {
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

    private static FakeResponse redirectAnswer(String query) {
        int status = 302;
        String to = REDIRECT_PATH; // no target: a loop
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("status")) {
                status = Integer.parseInt(value);
            } else if (name.equals("to")) {
                to = value;
            }
        }
        return FakeResponse.status(status).header("Location", to).body("redirected");
    }

    private static Optional<String> bearer(RecordedRequest request) {
        return request.header("Authorization").filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7));
    }
}
