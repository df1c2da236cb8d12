package dev.tokenkit.grpc;

import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.util.List;
import java.util.Objects;

/**
 * Heals a gRPC call whose token the server rejects, with the rule the HTTP integrations follow
 * ({@link TokenReplay}), and puts the token on calls that have no credentials:
 *
 * <pre>{@code
 * Channel channel = ClientInterceptors.intercept(managedChannel, new TokenReplayInterceptor(source));
 * }</pre>
 *
 * <ol>
 *   <li><b>The token.</b> A call whose options carry no credentials gets
 *       {@link TokenCallCredentials} over this source. Credentials set on the stub are kept; the
 *       rule below applies only when they are {@link TokenCallCredentials}, since only they tell the
 *       interceptor which token they put on the call.</li>
 *   <li><b>Which answers reject the token.</b> {@code UNAUTHENTICATED} answering a call that
 *       carried our token, unless a {@code www-authenticate} trailer says
 *       {@code error="insufficient_scope"}. {@code PERMISSION_DENIED} (the token is valid but not
 *       allowed) and every other status go to the caller untouched, and the token stays.</li>
 *   <li><b>Invalidate by what was sent</b> ({@link TokenSource#invalidate(String)}): many calls
 *       rejected for one token cause one fetch; a rejection of an older token costs nothing.</li>
 *   <li><b>Replay a unary call once</b>, with the replacement token, and only when no response
 *       message was received: its request message and headers are held for the purpose. A
 *       streaming call is not replayed (the token is invalidated, and the caller gets the status
 *       and retries with the new token); nor is a call for which the source has no different token
 *       (the endpoint re-issued the rejected one, or the fetch failed). The replay keeps the call's
 *       deadline: when the fetch outlives it, the call fails with {@code DEADLINE_EXCEEDED}.</li>
 *   <li><b>Never loop.</b> The replay's answer goes to the caller, whatever it is.</li>
 * </ol>
 *
 * <p>The replay starts on the thread that completes the source's fetch (a tokenkit thread, or the
 * call's executor when a token is cached) and blocks none. Nothing is logged. Thread-safe.
 */
public final class TokenReplayInterceptor implements ClientInterceptor {
    /** The response trailer that may carry the server's challenges. */
    static final Metadata.Key<String> WWW_AUTHENTICATE =
            Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenSource source;
    private final TokenCallCredentials credentials;

    /**
     * An interceptor over a source.
     *
     * @param source the source of the tokens
     */
    public TokenReplayInterceptor(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
        this.credentials = TokenCallCredentials.of(source);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions callOptions, Channel next) {
        CallOptions options = callOptions.getCredentials() == null ? callOptions.withCallCredentials(credentials)
                : callOptions;
        if (method.getType() == MethodDescriptor.MethodType.UNARY) {
            return new ReplayingCall<>(this, method, options, next);
        }
        CallToken attempt = CallToken.fresh();
        return new SimpleForwardingClientCall<>(next.newCall(method, options.withOption(CallToken.KEY, attempt))) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (rejects(attempt, status, trailers)) {
                            source.invalidate(attempt.sent());
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    TokenSource source() {
        return source;
    }

    /** Whether this answer rejects the token the attempt carried ({@link TokenReplay#rejectsToken}). */
    static boolean rejects(CallToken attempt, Status status, Metadata trailers) {
        String sent = attempt.sent();
        if (sent == null || status.getCode() != Status.Code.UNAUTHENTICATED) {
            return false;
        }
        Iterable<String> challenges = trailers == null ? null : trailers.getAll(WWW_AUTHENTICATE);
        List<String> values = new java.util.ArrayList<>();
        if (challenges != null) {
            challenges.forEach(values::add);
        }
        return TokenReplay.rejectsToken(sent, sent, 401, values);
    }

    @Override
    public String toString() {
        return "TokenReplayInterceptor[" + source.providerId() + "]";
    }
}
