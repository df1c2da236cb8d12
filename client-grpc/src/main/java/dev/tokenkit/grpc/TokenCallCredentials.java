package dev.tokenkit.grpc;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a {@link TokenSource}'s token on every gRPC call as {@code authorization: Bearer …},
 * without blocking the thread that asks (grpc-java asks on a transport thread):
 *
 * <pre>{@code
 * OrdersGrpc.OrdersBlockingStub stub = OrdersGrpc.newBlockingStub(channel)
 *         .withCallCredentials(TokenCallCredentials.of(source));
 * }</pre>
 *
 * <p>The token comes from {@link TokenSource#tokenAsync()}. When a token is cached (the normal
 * case) it is applied at once, on the asking thread: a cache read and one header. Otherwise the
 * call waits, unsent, for the source's fetch, and the header is applied on the executor grpc-java
 * gives for it (the call's executor), never on the thread that completes the fetch.
 *
 * <p>A call never waits longer than its deadline: when the fetch outlives it, the call fails with
 * {@code DEADLINE_EXCEEDED}. A call without a deadline waits at most the source's fetch deadline.
 * When no token can be had, the call fails with {@code UNAVAILABLE}, the {@link TokenException} as
 * its cause and its message (which never holds a secret or a token) as the description; never
 * with {@code UNAUTHENTICATED}, which is the server's answer to a token it rejects and what
 * {@link TokenReplayInterceptor} reacts to. That holds for rejected client credentials
 * ({@code InvalidCredentialsException}) too: the status says that the client could not get a
 * token, and {@link TokenException#isRetryable()} on the cause says whether trying again may help.
 *
 * <p>To heal a call whose token the server rejects, add a {@link TokenReplayInterceptor} over
 * the same source. The credentials apply to any channel: use TLS, as a bearer token on a
 * plaintext channel can be read by anyone on the path. Nothing is logged. Thread-safe.
 */
public final class TokenCallCredentials extends CallCredentials {
    /** The request header that carries the token. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenSource source;

    private TokenCallCredentials(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Credentials over a source.
     *
     * @param source the source of the tokens
     * @return the credentials
     */
    public static TokenCallCredentials of(TokenSource source) {
        return new TokenCallCredentials(source);
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
        CallOptions options = callOptions(info);
        CallToken attempt = options == null ? null : CallToken.of(options);
        if (attempt != null && attempt.pinnedToken() != null) {
            apply(attempt.pinnedToken(), attempt, appExecutor, applier);
            return;
        }
        CompletableFuture<AccessToken> token;
        try {
            token = source.tokenAsync();
        } catch (Throwable t) {
            applier.fail(noToken(t));
            return;
        }
        if (token.isDone()) {
            complete(token, attempt, appExecutor, applier);
            return;
        }
        Deadline deadline = options == null ? null : options.getDeadline();
        if (deadline != null) {
            // on a copy: a source of someone else's may hand every caller one shared future
            token = token.copy().orTimeout(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)),
                    TimeUnit.NANOSECONDS);
        }
        CompletableFuture<AccessToken> waited = token;
        try {
            waited.whenCompleteAsync((t, e) -> complete(waited, attempt, appExecutor, applier), appExecutor);
        } catch (Throwable t) {
            applier.fail(noToken(t));
        }
    }

    /** Applies a completed future's token, or fails the call with its error; never throws. */
    private void complete(CompletableFuture<AccessToken> token, CallToken attempt, Executor appExecutor,
                          MetadataApplier applier) {
        AccessToken t;
        try {
            t = token.join();
        } catch (Throwable e) {
            applier.fail(noToken(e));
            return;
        }
        apply(t, attempt, appExecutor, applier);
    }

    private static void apply(AccessToken token, CallToken attempt, Executor appExecutor, MetadataApplier applier) {
        String header = token.authorizationHeader();
        Metadata metadata = new Metadata();
        metadata.put(AUTHORIZATION, header);
        if (attempt != null) {
            attempt.sent(header, appExecutor);
        }
        applier.apply(metadata);
    }

    /** The status of a call that got no token: the deadline's, or {@code UNAVAILABLE} with the cause. */
    private Status noToken(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription("tokenkit: the call's deadline passed while provider '"
                    + source.providerId() + "' was fetching a token, so the call was not sent; give the call a"
                    + " longer deadline, or check the token endpoint's latency");
        }
        String what = cause instanceof TokenException ? cause.getMessage()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return Status.UNAVAILABLE.withDescription("tokenkit: no access token from provider '" + source.providerId()
                + "', so the call was not sent: " + what).withCause(cause);
    }

    private static CallOptions callOptions(RequestInfo info) {
        try {
            return info.getCallOptions();
        } catch (UnsupportedOperationException e) {
            return null; // a transport older than RequestInfo.getCallOptions(): no deadline, no replay
        }
    }

    @Override
    public String toString() {
        return "TokenCallCredentials[" + source.providerId() + "]";
    }
}
