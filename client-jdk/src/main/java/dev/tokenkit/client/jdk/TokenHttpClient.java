package dev.tokenkit.client.jdk;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that puts a {@link TokenSource}'s token on every request and heals a
 * {@code 401} once. The JDK client has no interceptors, so this one wraps yours and delegates
 * everything else to it:
 *
 * <pre>{@code
 * HttpClient http = TokenHttpClient.wrap(HttpClient.newHttpClient(), source);
 * HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p><b>The header.</b> Every request goes out with {@code Authorization: <token type> <value>}
 * from {@link TokenSource#token()} ({@link TokenSource#tokenAsync()} for {@code sendAsync}),
 * replacing any {@code Authorization} header the request had.
 *
 * <p><b>Redirects: the token stays on its origin.</b> The delegate never follows a redirect with the
 * token: this client follows them itself, as the delegate's {@link #followRedirects()} policy says
 * (the JDK's rules: {@code 301}, {@code 302}, {@code 303}, {@code 307} and {@code 308}; {@code 303},
 * and {@code 301}/{@code 302} of a {@code POST}, continue as {@code GET} without a body; {@code NORMAL}
 * never goes from {@code https} to {@code http}; at most {@code jdk.httpclient.redirects.retrylimit}
 * hops, 5 by default), and puts the {@code Authorization} header only on hops to the origin
 * (scheme, host, port) the request was addressed to, up to the first hop that leaves it
 * ({@link TokenReplay#sameOrigin}). When the delegate follows redirects, requests go out through a
 * client built from its settings (cookie handler, connect timeout, proxy, TLS, authenticator,
 * version, executor) that follows none; settings an {@code HttpClient} does not expose (a local
 * address, a priority) are the JDK's defaults there. A delegate that follows none is used as it is.
 * The answer you get is the last hop's, with the hops before it in {@link HttpResponse#previousResponse()}.
 *
 * <p><b>A 401, and the loop rule.</b> When the answer is a {@code 401} to a hop that carried the
 * token, and it rejects the token ({@link TokenReplay#rejectsToken}: not
 * {@code error="insufficient_scope"}), the token that was
 * sent is invalidated and, when the body can be sent again, the request is replayed <em>once</em>
 * with the source's new token (from the first hop again). A {@code 401} from another origin, which
 * got no token, is returned as it is and changes nothing. The replay's answer is returned whatever it is: this client never
 * sends a request a third time. Your {@link BodyHandler} never sees an answer that is replayed:
 * its body is discarded. When the source has no different token (the endpoint re-issued the same
 * one, or the fetch failed) or the body cannot be replayed, the {@code 401} is returned to you
 * with its body. A {@code 403} is always returned as it is.
 *
 * <p><b>Which bodies are replayed.</b> No body, {@link BodyPublishers#noBody()},
 * {@link BodyPublishers#ofString}, {@link BodyPublishers#ofByteArray} (the publishers that hold
 * their bytes in memory), and any publisher you mark with {@link #replayable(BodyPublisher)}.
 * Every other publisher ({@code ofInputStream}, {@code ofFile}, {@code ofByteArrays},
 * {@code fromPublisher}, {@code concat}, your own) is sent once: a second subscription might read
 * an exhausted stream or a file that changed.
 *
 * <p><b>No token.</b> When the source cannot give a token, the request is not sent: {@code send}
 * throws an {@link IOException} whose cause is the {@link TokenException}, and the future of
 * {@code sendAsync} fails with it. Nothing is logged; no message holds a token.
 *
 * <p>Not covered: {@link #newWebSocketBuilder()} is the delegate's (no token on the handshake).
 * Close or shut down the delegate yourself.
 */
public final class TokenHttpClient extends HttpClient {
    /** The classes of the JDK publishers that hold their bytes in memory. */
    private static final CompletableFuture<Optional<AccessToken>> NO_REPLAY = CompletableFuture.completedFuture(Optional.empty());
    private static final Set<Class<?>> IN_MEMORY = Stream.of(BodyPublishers.noBody(), BodyPublishers.ofString(""),
            BodyPublishers.ofByteArray(new byte[0]), BodyPublishers.ofByteArray(new byte[1], 0, 1))
            .map(Object::getClass).collect(Collectors.toUnmodifiableSet());

    /** The statuses the JDK client follows. */
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** How many hops a request may take, counting the first, as the JDK client's property says. */
    private static final int MAX_HOPS = Integer.getInteger("jdk.httpclient.redirects.retrylimit", 5);

    private final HttpClient delegate;
    /** Sends every hop: the delegate when it follows no redirect, else a client like it that follows none. */
    private final HttpClient sender;
    private final TokenSource source;
    private final Executor executor;

    private TokenHttpClient(HttpClient delegate, TokenSource source) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.source = Objects.requireNonNull(source, "source");
        this.executor = delegate.executor().orElse(ForkJoinPool.commonPool());
        this.sender = delegate.followRedirects() == Redirect.NEVER ? delegate : followingNone(delegate);
    }

    /** A client with the delegate's readable settings that follows no redirect. */
    private static HttpClient followingNone(HttpClient delegate) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(Redirect.NEVER)
                .sslContext(delegate.sslContext()).sslParameters(delegate.sslParameters()).version(delegate.version());
        delegate.cookieHandler().ifPresent(builder::cookieHandler);
        delegate.connectTimeout().ifPresent(builder::connectTimeout);
        delegate.proxy().ifPresent(builder::proxy);
        delegate.authenticator().ifPresent(builder::authenticator);
        delegate.executor().ifPresent(builder::executor);
        return builder.build();
    }

    /**
     * Wraps a client.
     *
     * @param delegate the client that sends the requests; its settings (timeouts, redirects,
     *                 proxy, TLS, executor) apply
     * @param source   the source of the tokens
     * @return the wrapping client
     */
    public static TokenHttpClient wrap(HttpClient delegate, TokenSource source) {
        return new TokenHttpClient(delegate, source);
    }

    /**
     * Marks a publisher as safe to subscribe to twice, so that a request with it is replayed after
     * a {@code 401}: for instance {@code ofFile(path)} of a file that does not change, or
     * {@code ofInputStream(() -> Files.newInputStream(path))}, which opens a new stream each time.
     *
     * @param publisher the publisher
     * @return a publisher that sends the same bytes and counts as replayable
     */
    public static BodyPublisher replayable(BodyPublisher publisher) {
        return new Replayable(Objects.requireNonNull(publisher, "publisher"));
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) throws IOException, InterruptedException {
        AccessToken token;
        try {
            token = source.token();
        } catch (TokenException e) {
            throw noToken(e);
        }
        Exchange<T> exchange = new Exchange<>(request, handler, token.authorizationHeader());
        HttpResponse<T> response = follow(Hop.first(request, exchange.sent), exchange);
        // the body has completed, so the decision it waited for has been made
        Optional<AccessToken> next = exchange.replacement.join();
        return next.isEmpty() ? response : follow(Hop.first(request, next.get().authorizationHeader()), callers(handler));
    }

    /** Sends the hops of one request until an answer is not a redirect to follow (at most MAX_HOPS: Hop.next). */
    private <T> HttpResponse<T> follow(Hop first, Last<T> last) throws IOException, InterruptedException {
        Hop hop = first;
        HttpResponse<T> previous = null;
        while (true) {
            Step<T> step = new Step<>(hop, last);
            HttpResponse<T> response = Followed.of(sender.send(hop.toSend(), step), previous);
            if (step.next == null) {
                return response;
            }
            previous = response;
            hop = step.next;
        }
    }

    private <T> CompletableFuture<HttpResponse<T>> followAsync(Hop hop, Last<T> last, PushPromiseHandler<T> push,
                                                               HttpResponse<T> previous) {
        Step<T> step = new Step<>(hop, last);
        return delegateAsync(hop.toSend(), step, push).thenCompose(r -> {
            HttpResponse<T> response = Followed.of(r, previous);
            return step.next == null ? CompletableFuture.completedFuture(response)
                    : followAsync(step.next, last, push, response);
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
                                                            PushPromiseHandler<T> push) {
        return source.tokenAsync().handle((token, error) -> {
            if (error != null) {
                Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw new CompletionException(e instanceof TokenException te ? noToken(te) : e);
            }
            return token;
        }).thenCompose(token -> {
            Exchange<T> exchange = new Exchange<>(request, handler, token.authorizationHeader());
            return followAsync(Hop.first(request, exchange.sent), exchange, push, null)
                    .thenCompose(response -> exchange.replacement.thenCompose(next -> next.isEmpty()
                            ? CompletableFuture.completedFuture(response)
                            : followAsync(Hop.first(request, next.get().authorizationHeader()), callers(handler), push,
                                    null)));
        });
    }

    private <T> CompletableFuture<HttpResponse<T>> delegateAsync(HttpRequest request, BodyHandler<T> handler,
                                                                 PushPromiseHandler<T> push) {
        return push == null ? sender.sendAsync(request, handler) : sender.sendAsync(request, handler, push);
    }

    private IOException noToken(TokenException e) {
        return new IOException("no access token from provider '" + source.providerId() + "', so the request was"
                + " not sent: " + e.getMessage(), e);
    }

    private static boolean replayable(HttpRequest request) {
        return request.bodyPublisher().map(p -> p instanceof Replayable || IN_MEMORY.contains(p.getClass())).orElse(true);
    }

    /**
     * One hop of a request: where it goes, with which method and body, and the header it carries
     * ({@code null} once a hop has left the request's origin).
     */
    private record Hop(HttpRequest original, URI uri, String method, boolean body, String header, int number) {
        static Hop first(HttpRequest request, String header) {
            return new Hop(request, request.uri(), request.method(), true, header, 1);
        }

        /** The request to send: the caller's, at this hop's address, with the header only on the origin. */
        HttpRequest toSend() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(original,
                    (name, value) -> !name.equalsIgnoreCase(TokenReplay.AUTHORIZATION)).uri(uri)
                    .method(method, body ? original.bodyPublisher().orElse(BodyPublishers.noBody()) : BodyPublishers.noBody());
            if (header != null) {
                builder.header(TokenReplay.AUTHORIZATION, header);
            }
            return builder.build();
        }

        /** The next hop when the answer is a redirect the policy follows, else {@code null}. */
        Hop next(ResponseInfo info, Redirect policy) {
            int status = info.statusCode();
            Optional<String> location = info.headers().firstValue("Location");
            if (policy == Redirect.NEVER || !REDIRECTS.contains(status) || location.isEmpty() || number >= MAX_HOPS) {
                return null;
            }
            URI to;
            try {
                to = uri.resolve(new URI(location.get()));
            } catch (URISyntaxException e) {
                return null; // not a place to go: the caller gets the redirect
            }
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")
                    || policy == Redirect.NORMAL && !scheme.equals("https") && !scheme.equalsIgnoreCase(uri.getScheme())) {
                return null;
            }
            String nextMethod = status == 303 || (status == 301 || status == 302) && method.equals("POST") ? "GET" : method;
            boolean keepBody = body && status != 303 && nextMethod.equals(method);
            String nextHeader = header != null && TokenReplay.sameOrigin(original.uri(), to) ? header : null;
            return new Hop(original, to, nextMethod, keepBody, nextHeader, number + 1);
        }
    }

    /** What handles the answer that ends the hops, told which {@code Authorization} value its hop carried. */
    @FunctionalInterface
    private interface Last<T> {
        BodySubscriber<T> apply(ResponseInfo info, String carried);
    }

    private static <T> Last<T> callers(BodyHandler<T> handler) {
        return (info, carried) -> handler.apply(info);
    }

    /**
     * The handler of one hop: a redirect to follow is read into nothing and names the next hop;
     * any other answer is the last handler's.
     */
    private final class Step<T> implements BodyHandler<T> {
        private final Hop hop;
        private final Last<T> last;
        /** Set by the time the hop's answer is: the hop to send next, if any. */
        volatile Hop next;

        Step(Hop hop, Last<T> last) {
            this.hop = hop;
            this.last = last;
        }

        @Override
        public BodySubscriber<T> apply(ResponseInfo info) {
            next = hop.next(info, delegate.followRedirects());
            if (next != null) {
                return BodySubscribers.replacing(null);
            }
            return last.apply(info, hop.header);
        }
    }

    /**
     * One request's first send: wraps the caller's handler and decides, from the header the last
     * hop carried, the status and the challenges, whether the answer is replayed.
     */
    private final class Exchange<T> implements Last<T> {
        private final HttpRequest request;
        private final BodyHandler<T> handler;
        private final String sent;
        /** Completed by the time the first answer's body is; empty: the answer is the caller's. */
        volatile CompletableFuture<Optional<AccessToken>> replacement = NO_REPLAY;

        Exchange(HttpRequest request, BodyHandler<T> handler, String sent) {
            this.request = request;
            this.handler = Objects.requireNonNull(handler, "handler");
            this.sent = sent;
        }

        @Override
        public BodySubscriber<T> apply(ResponseInfo info, String carried) {
            if (!TokenReplay.rejectsToken(sent, carried, info.statusCode(),
                    info.headers().allValues(TokenReplay.WWW_AUTHENTICATE))) {
                return handler.apply(info);
            }
            if (!replayable(request)) {
                source.invalidate(sent);
                return handler.apply(info);
            }
            CompletableFuture<Optional<AccessToken>> next = TokenReplay.replacementAsync(source, sent);
            replacement = next;
            // off tokenkit's shared threads: the caller's subscriber may start reading the body here
            return new DeferredSubscriber<>(next.thenApplyAsync(n -> n.isPresent()
                    ? BodySubscribers.<T>replacing(null) : handler.apply(info), executor));
        }
    }

    /** An answer with the redirects it followed as its previous responses, as the JDK client gives them. */
    private record Followed<T>(HttpResponse<T> response, HttpResponse<T> previous) implements HttpResponse<T> {
        static <T> HttpResponse<T> of(HttpResponse<T> response, HttpResponse<T> previous) {
            return previous == null ? response : new Followed<>(response, previous);
        }

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.of(previous);
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public T body() {
            return response.body();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }

        @Override
        public String toString() {
            return response.toString();
        }
    }

    /** A publisher marked as replayable; sends what it wraps. */
    private record Replayable(BodyPublisher publisher) implements BodyPublisher {
        @Override
        public long contentLength() {
            return publisher.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            publisher.subscribe(subscriber);
        }
    }

    // --- everything else is the delegate's ---

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public String toString() {
        return "TokenHttpClient[" + source.providerId() + ", " + delegate + "]";
    }
}
