package dev.tokenkit.grpc;

import dev.tokenkit.AccessToken;
import io.grpc.CallOptions;

import java.util.concurrent.Executor;

/**
 * One attempt's token, shared by {@link TokenReplayInterceptor} and {@link TokenCallCredentials}
 * through the attempt's {@link CallOptions}: the interceptor puts a fresh one on every attempt
 * (with the replacement token on a replay), the credentials record there the header value they
 * put on the call, and the interceptor compares an {@code UNAUTHENTICATED} answer with it.
 */
final class CallToken {
    /** Where the attempt's {@code CallToken} travels. */
    static final CallOptions.Key<CallToken> KEY = CallOptions.Key.create("dev.tokenkit.grpc.CallToken");

    private final AccessToken pinned;
    private volatile String sent;
    private volatile Executor executor;

    private CallToken(AccessToken pinned) {
        this.pinned = pinned;
    }

    /** For a first attempt: the credentials ask the source. */
    static CallToken fresh() {
        return new CallToken(null);
    }

    /** For a replay: the credentials put this token, the replacement of the rejected one. */
    static CallToken pinned(AccessToken token) {
        return new CallToken(token);
    }

    /** The token the credentials must put, or {@code null} to ask the source. */
    AccessToken pinnedToken() {
        return pinned;
    }

    /** Records what the credentials put on the attempt, and the executor grpc-java runs the call's callbacks on. */
    void sent(String authorizationHeader, Executor callExecutor) {
        this.executor = callExecutor;
        this.sent = authorizationHeader;
    }

    /**
     * The call's executor, as grpc-java gave it to the credentials (a blocking stub's waits for its
     * callbacks there): where the interceptor tells the caller what it decided between attempts.
     */
    Executor executor() {
        return executor;
    }

    /** The {@code authorization} value the credentials put on the attempt, or {@code null} when they put none. */
    String sent() {
        return sent;
    }

    /** The attempt's token of these call options, or {@code null} when the interceptor did not run. */
    static CallToken of(CallOptions options) {
        return options.getOption(KEY);
    }

    @Override
    public String toString() {
        return "CallToken[" + (sent == null ? "not sent" : "sent") + (pinned == null ? "" : ", pinned") + "]";
    }
}
