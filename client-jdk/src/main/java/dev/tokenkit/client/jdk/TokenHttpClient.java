package dev.tokenkit.client.jdk;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
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
 * <p><b>A 401, and the loop rule.</b> When the answer is a {@code 401} that rejects the token
 * ({@link TokenReplay#rejectsToken}: not {@code error="insufficient_scope"}), the token that was
 * sent is invalidated and, when the body can be sent again, the request is replayed <em>once</em>
 * with the source's new token. The replay's answer is returned whatever it is: this client never
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

    private final HttpClient delegate;
    private final TokenSource source;
    private final Executor executor;

    private TokenHttpClient(HttpClient delegate, TokenSource source) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.source = Objects.requireNonNull(source, "source");
        this.executor = delegate.executor().orElse(ForkJoinPool.commonPool());
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
        HttpResponse<T> response = delegate.send(exchange.first(), exchange);
        // the body has completed, so the decision it waited for has been made
        Optional<AccessToken> next = exchange.replacement.join();
        return next.isEmpty() ? response : delegate.send(withToken(request, next.get().authorizationHeader()), handler);
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
            return delegateAsync(exchange.first(), exchange, push).thenCompose(response -> exchange.replacement
                    .thenCompose(next -> next.isEmpty() ? CompletableFuture.completedFuture(response)
                            : delegateAsync(withToken(request, next.get().authorizationHeader()), handler, push)));
        });
    }

    private <T> CompletableFuture<HttpResponse<T>> delegateAsync(HttpRequest request, BodyHandler<T> handler,
                                                                 PushPromiseHandler<T> push) {
        return push == null ? delegate.sendAsync(request, handler) : delegate.sendAsync(request, handler, push);
    }

    private IOException noToken(TokenException e) {
        return new IOException("no access token from provider '" + source.providerId() + "', so the request was"
                + " not sent: " + e.getMessage(), e);
    }

    private static HttpRequest withToken(HttpRequest request, String header) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(TokenReplay.AUTHORIZATION))
                .header(TokenReplay.AUTHORIZATION, header).build();
    }

    private static boolean replayable(HttpRequest request) {
        return request.bodyPublisher().map(p -> p instanceof Replayable || IN_MEMORY.contains(p.getClass())).orElse(true);
    }

    /**
     * One request's first send: wraps the caller's handler and decides, from the status and
     * challenges, whether the answer is replayed.
     */
    private final class Exchange<T> implements BodyHandler<T> {
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

        HttpRequest first() {
            return withToken(request, sent);
        }

        @Override
        public BodySubscriber<T> apply(ResponseInfo info) {
            if (!TokenReplay.rejectsToken(info.statusCode(), info.headers().allValues(TokenReplay.WWW_AUTHENTICATE))) {
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
