package dev.tokenkit.grpc;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenReplay;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A unary call that can be sent a second time: it holds what the caller did (headers, the request
 * message, how many messages it asked for, compression, half-close) and, when the first attempt
 * is answered {@code UNAUTHENTICATED} for our token before any response message, invalidates the
 * token and replays all of it on a new call with the replacement token. The response headers of
 * the first attempt are held until it is known whether they are the caller's. The caller's
 * listener is closed exactly once. Every method and callback takes this call's lock, which is
 * never held while waiting.
 */
final class ReplayingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
    private final TokenReplayInterceptor owner;
    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions options;
    private final Channel next;

    // guarded by this
    private Listener<RespT> listener;
    private Metadata headers;
    private ClientCall<ReqT, RespT> current;
    private int requested;
    private Boolean compression;
    private ReqT message;
    private boolean hasMessage;
    private boolean halfClosed;
    private boolean cancelled;
    private boolean closed;
    /** Where the caller's listener is told what was decided between attempts; set when the first attempt ends. */
    private Executor callbacks;

    ReplayingCall(TokenReplayInterceptor owner, MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        this.owner = owner;
        this.method = method;
        this.options = options;
        this.next = next;
    }

    @Override
    public synchronized void start(Listener<RespT> responseListener, Metadata requestHeaders) {
        listener = responseListener;
        headers = copy(requestHeaders);
        CallToken token = CallToken.fresh();
        current = next.newCall(method, options.withOption(CallToken.KEY, token));
        current.start(new Attempt(token, true), requestHeaders);
    }

    @Override
    public synchronized void request(int numMessages) {
        requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + numMessages);
        if (current != null) {
            current.request(numMessages);
        }
    }

    @Override
    public synchronized void setMessageCompression(boolean enabled) {
        compression = enabled;
        if (current != null) {
            current.setMessageCompression(enabled);
        }
    }

    @Override
    public synchronized void sendMessage(ReqT request) {
        message = request;
        hasMessage = true;
        if (current != null) {
            current.sendMessage(request);
        }
    }

    @Override
    public synchronized void halfClose() {
        halfClosed = true;
        if (current != null) {
            current.halfClose();
        }
    }

    @Override
    public void cancel(String reason, Throwable cause) {
        ClientCall<ReqT, RespT> call;
        boolean closeHere;
        synchronized (this) {
            cancelled = true;
            call = current;
            closeHere = call == null && listener != null && !closed; // waiting for the replacement token
            closed |= closeHere;
        }
        if (call != null) {
            call.cancel(reason, cause); // the attempt's onClose tells the caller
        } else if (closeHere) {
            Listener<RespT> l = listener;
            callbacks.execute(() -> l.onClose(Status.CANCELLED.withDescription(reason).withCause(cause), new Metadata()));
        }
    }

    @Override
    public synchronized boolean isReady() {
        return current != null && current.isReady();
    }

    @Override
    public synchronized Attributes getAttributes() {
        return current != null ? current.getAttributes() : Attributes.EMPTY;
    }

    /** The token was rejected: wait for its replacement (within the call's deadline), then replay or hand over. */
    private void replaceToken(CallToken rejected, Metadata heldHeaders, Status status, Metadata trailers) {
        CompletableFuture<Optional<AccessToken>> replacement = TokenReplay.replacementAsync(owner.source(), rejected.sent());
        Deadline deadline = options.getDeadline();
        if (deadline != null) {
            replacement.orTimeout(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
        }
        replacement.whenComplete((token, timedOut) -> {
            try {
                if (timedOut != null) {
                    closeCaller(null, Status.DEADLINE_EXCEEDED.withDescription("tokenkit: the call's deadline passed"
                            + " while provider '" + owner.source().providerId() + "' was fetching a token to replace"
                            + " the one the server rejected; the call was not sent again"), new Metadata());
                } else if (token.isEmpty() || !replay(token.get())) {
                    closeCaller(heldHeaders, status, trailers);
                }
            } catch (Throwable t) {
                closeCaller(null, Status.INTERNAL.withDescription("tokenkit: the replay of a call whose token the"
                        + " server rejected failed to start").withCause(t), new Metadata());
            }
        });
    }

    /** Starts the replay with everything the caller did so far; {@code false} when the caller cancelled meanwhile. */
    private synchronized boolean replay(AccessToken token) {
        if (cancelled || closed) {
            return closed; // cancel() told the caller already, or will through closeCaller
        }
        current = next.newCall(method, options.withOption(CallToken.KEY, CallToken.pinned(token)));
        current.start(new Attempt(null, false), copy(headers));
        if (compression != null) {
            current.setMessageCompression(compression);
        }
        if (requested > 0) {
            current.request(requested);
        }
        if (hasMessage) {
            current.sendMessage(message);
        }
        if (halfClosed) {
            current.halfClose();
        }
        return true;
    }

    /** Closes the caller's listener, once, on the call's executor: the held response headers first, if any. */
    private void closeCaller(Metadata heldHeaders, Status status, Metadata trailers) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        callbacks.execute(() -> tell(heldHeaders, status, trailers));
    }

    /** Tells the caller's listener the end of the call, in the calling thread: the held headers first, if any. */
    private void tell(Metadata heldHeaders, Status status, Metadata trailers) {
        if (heldHeaders != null) {
            listener.onHeaders(heldHeaders);
        }
        listener.onClose(status, trailers);
    }

    private static Metadata copy(Metadata headers) {
        Metadata copy = new Metadata();
        copy.merge(headers);
        return copy;
    }

    /**
     * One attempt's listener. The first attempt ({@code token} set) holds its response headers and
     * may be replayed; the replay ({@code token} null) passes everything through.
     */
    private final class Attempt extends Listener<RespT> {
        private final CallToken token;
        private final boolean first;
        private Metadata heldHeaders;
        private boolean messageReceived;

        Attempt(CallToken token, boolean first) {
            this.token = token;
            this.first = first;
        }

        @Override
        public void onHeaders(Metadata responseHeaders) {
            if (first) {
                heldHeaders = responseHeaders; // the caller's only if this attempt is not replayed
            } else {
                listener.onHeaders(responseHeaders);
            }
        }

        @Override
        public void onMessage(RespT response) {
            if (first && !messageReceived) {
                messageReceived = true;
                if (heldHeaders != null) {
                    listener.onHeaders(heldHeaders);
                    heldHeaders = null;
                }
            }
            listener.onMessage(response);
        }

        @Override
        public void onReady() {
            listener.onReady();
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            if (first && TokenReplayInterceptor.rejects(token, status, trailers)) {
                boolean replayable;
                synchronized (ReplayingCall.this) {
                    replayable = !messageReceived && !cancelled && !closed;
                    if (replayable) {
                        // the call's own executor (a blocking stub waits for its callbacks there), else the channel's
                        callbacks = options.getExecutor() != null ? options.getExecutor() : token.executor();
                        current = null; // between attempts: cancel() closes the caller itself
                    }
                }
                if (replayable) {
                    replaceToken(token, heldHeaders, status, trailers);
                    return;
                }
                owner.source().invalidate(token.sent());
            }
            synchronized (ReplayingCall.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            tell(heldHeaders, status, trailers); // this is a callback already: on the call's executor
        }
    }
}
