package dev.tokenkit.grpc.contract;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC API for the contract: a real grpc-java Netty server on {@code 127.0.0.1}, port 0, whose
 * server interceptor checks the bearer token of every call and records it. It answers
 * {@code UNAUTHENTICATED} (with {@code www-authenticate: Bearer error="invalid_token"}) to a call
 * without a token, with a {@linkplain #revoke revoked} token, or with any token after
 * {@link #rejectEveryToken()}; {@link #FORBIDDEN} always answers {@code PERMISSION_DENIED} and
 * {@link #SCOPE} {@code UNAUTHENTICATED} with {@code error="insufficient_scope"}. {@link #CALL}
 * answers {@code "Call <request>"}, {@link #STREAM} three messages; {@link #PARTIAL} its message, then {@code UNAUTHENTICATED}. No protobuf: the messages are
 * UTF-8 strings.
 */
public final class GrpcApi implements AutoCloseable {
    /** The marshaller of every method: UTF-8 text. */
    public static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    /** A unary method that answers {@code "Call <request>"}. */
    public static final MethodDescriptor<String, String> CALL = method("Call", MethodDescriptor.MethodType.UNARY);
    /** A unary method that always answers {@code PERMISSION_DENIED}. */
    public static final MethodDescriptor<String, String> FORBIDDEN = method("Forbidden", MethodDescriptor.MethodType.UNARY);
    /** A unary method that answers {@code UNAUTHENTICATED} with {@code error="insufficient_scope"}. */
    public static final MethodDescriptor<String, String> SCOPE = method("Scope", MethodDescriptor.MethodType.UNARY);
    /** A unary method that sends its response message, then closes {@code UNAUTHENTICATED}. */
    public static final MethodDescriptor<String, String> PARTIAL = method("Partial", MethodDescriptor.MethodType.UNARY);
    /** A server-streaming method that answers three messages. */
    public static final MethodDescriptor<String, String> STREAM = method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> WWW_AUTHENTICATE = Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER);
    /** A header the contract sets on calls, to see it on a replay. */
    public static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * A call as it arrived.
     *
     * @param method    the method's bare name, e.g. {@code Call}
     * @param token     the bearer token it carried, or {@code null}
     * @param requestId its {@code x-request-id}, or {@code null}
     */
    public record Arrived(String method, String token, String requestId) {
    }

    private final Server server;
    private final List<Arrived> calls = new CopyOnWriteArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile boolean rejectAll;
    private volatile CountDownLatch gate;

    private GrpcApi() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("tokenkit.test.Api")
                .addMethod(CALL, ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> out) -> {
                    handled.add(request);
                    out.onNext("Call " + request);
                    out.onCompleted();
                }))
                .addMethod(FORBIDDEN, ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> out) ->
                        out.onError(Status.PERMISSION_DENIED.withDescription("not allowed").asRuntimeException())))
                .addMethod(SCOPE, ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> out) -> {
                    Metadata trailers = new Metadata();
                    trailers.put(WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"orders:write\"");
                    out.onError(Status.UNAUTHENTICATED.withDescription("scope").asRuntimeException(trailers));
                }))
                .addMethod(PARTIAL, (ServerCall<String, String> call, Metadata headers) -> {
                    call.sendHeaders(new Metadata());
                    call.sendMessage("partial");
                    call.close(Status.UNAUTHENTICATED.withDescription("rejected after the answer"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                })
                .addMethod(STREAM, ServerCalls.asyncServerStreamingCall((String request, io.grpc.stub.StreamObserver<String> out) -> {
                    handled.add(request);
                    for (int i = 1; i <= 3; i++) {
                        out.onNext(request + " " + i);
                    }
                    out.onCompleted();
                }))
                .build();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(service, new TokenCheck()))
                .build().start();
    }

    private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("tokenkit.test.Api", name))
                .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    /**
     * Starts an API on loopback.
     *
     * @return the running API; close it when done
     */
    public static GrpcApi start() {
        try {
            return new GrpcApi();
        } catch (IOException e) {
            throw new UncheckedIOException("GrpcApi: cannot start a gRPC server on 127.0.0.1", e);
        }
    }

    /**
     * The address clients connect to.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getPort());
    }

    /**
     * Answers {@code UNAUTHENTICATED} to this token from now on.
     *
     * @param token the token value
     */
    public void revoke(String token) {
        revoked.add(token);
    }

    /** Answers {@code UNAUTHENTICATED} to every token from now on. */
    public void rejectEveryToken() {
        rejectAll = true;
    }

    /**
     * Holds the next calls in the server interceptor until {@code calls} of them have arrived (30 s
     * at most), so that they all carry the token the client held when they left.
     *
     * @param calls how many calls to hold
     */
    public void holdUntil(int calls) {
        gate = new CountDownLatch(calls);
    }

    /**
     * Every call that arrived, answered or not, in order.
     *
     * @return the calls
     */
    public List<Arrived> calls() {
        return List.copyOf(calls);
    }

    /**
     * The tokens the calls carried, in order ({@code null} for none).
     *
     * @return the tokens
     */
    public List<String> tokensSeen() {
        return calls.stream().map(Arrived::token).toList();
    }

    /**
     * The request messages the methods handled (calls that passed the token check).
     *
     * @return the messages
     */
    public List<String> handled() {
        return List.copyOf(handled);
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks and records the token of every call. */
    private final class TokenCheck implements ServerInterceptor {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            String auth = headers.get(AUTHORIZATION);
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
            calls.add(new Arrived(call.getMethodDescriptor().getBareMethodName(), token, headers.get(REQUEST_ID)));
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
                try {
                    if (!g.await(30, TimeUnit.SECONDS)) {
                        call.close(Status.INTERNAL.withDescription("GrpcApi: fewer calls than held arrived in 30 s"), new Metadata());
                        return new ServerCall.Listener<>() {
                        };
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (token == null || rejectAll || revoked.contains(token)) {
                Metadata trailers = new Metadata();
                trailers.put(WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                call.close(Status.UNAUTHENTICATED.withDescription("token rejected"), trailers);
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }
}
