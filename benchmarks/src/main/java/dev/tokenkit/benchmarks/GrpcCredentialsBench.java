package dev.tokenkit.benchmarks;

import dev.tokenkit.TokenSource;
import dev.tokenkit.grpc.TokenCallCredentials;
import dev.tokenkit.grpc.TokenReplayInterceptor;
import dev.tokenkit.grpc.contract.GrpcApi;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What {@code client-grpc} adds to a gRPC call, against a header set by hand:
 *
 * <ul>
 *   <li>{@code applyByHand} / {@code applyTokenkit}: one {@code applyRequestMetadata} of
 *       call credentials that put {@code source.token().authorizationHeader()} into the
 *       {@code MetadataApplier} themselves, against {@link TokenCallCredentials} (its
 *       {@code tokenAsync()}, a completed future when the token is cached); the pair isolates the
 *       credentials' own cost per call;</li>
 *   <li>{@code callByHand} / {@code callTokenkit}: a whole unary call over grpc-java's in-process
 *       transport (a direct executor, a server that echoes), with those hand-made credentials
 *       against {@link TokenReplayInterceptor} (which puts {@link TokenCallCredentials} on the call
 *       and wraps it so that it could be replayed).</li>
 * </ul>
 *
 * <p>Goal: the difference of each pair under 1 µs. No network: the figures are the libraries'
 * per-call work, in which an overhead of this size would otherwise be lost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GrpcCredentialsBench {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    /** A unary method whose messages are UTF-8 text (no protobuf), as in client-grpc's contract. */
    private static final MethodDescriptor<String, String> ECHO = GrpcApi.CALL;

    private TokenSource source;
    private CallCredentials byHand;
    private CallCredentials tokenkit;
    private CallCredentials.RequestInfo info;
    private Executor direct;
    private Server server;
    private ManagedChannel channel;
    private Channel intercepted;
    private CallOptions byHandOptions;

    /** Creates the benchmark state (JMH calls it). */
    public GrpcCredentialsBench() {
    }

    /**
     * One primed source whose token lives 24 hours; an in-process echo server and channel.
     *
     * @throws IOException never: the in-process server binds no socket
     */
    @Setup
    public void setUp() throws IOException {
        source = TokenSource.builder(new FixedLifetimeProvider("grpc-bench-token", Duration.ofHours(24))).build();
        source.token();
        byHand = new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, source.token().authorizationHeader());
                applier.apply(headers);
            }
        };
        tokenkit = TokenCallCredentials.of(source);
        info = new CallCredentials.RequestInfo() {
            @Override
            public MethodDescriptor<?, ?> getMethodDescriptor() {
                return ECHO;
            }

            @Override
            public CallOptions getCallOptions() {
                return CallOptions.DEFAULT;
            }

            @Override
            public io.grpc.SecurityLevel getSecurityLevel() {
                return io.grpc.SecurityLevel.PRIVACY_AND_INTEGRITY;
            }

            @Override
            public String getAuthority() {
                return "bench";
            }

            @Override
            public io.grpc.Attributes getTransportAttrs() {
                return io.grpc.Attributes.EMPTY;
            }
        };
        direct = Runnable::run;

        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(ServerServiceDefinition
                .builder("tokenkit.test.Api").addMethod(ECHO, ServerCalls.asyncUnaryCall((String request,
                        io.grpc.stub.StreamObserver<String> out) -> {
                    out.onNext(request);
                    out.onCompleted();
                })).build()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        intercepted = ClientInterceptors.intercept(channel, new TokenReplayInterceptor(source));
        byHandOptions = CallOptions.DEFAULT.withCallCredentials(byHand);
    }

    /**
     * Closes the channel, the server and the source.
     *
     * @throws InterruptedException when interrupted while waiting for them
     */
    @TearDown
    public void tearDown() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        source.close();
    }

    private static CallCredentials.MetadataApplier into(Blackhole bh) {
        return new CallCredentials.MetadataApplier() {
            @Override
            public void apply(Metadata headers) {
                bh.consume(headers);
            }

            @Override
            public void fail(io.grpc.Status status) {
                throw status.asRuntimeException();
            }
        };
    }

    /**
     * Credentials that set the header by hand from {@code token()}.
     *
     * @param bh where the metadata goes
     */
    @Benchmark
    public void applyByHand(Blackhole bh) {
        byHand.applyRequestMetadata(info, direct, into(bh));
    }

    /**
     * {@link TokenCallCredentials}.
     *
     * @param bh where the metadata goes
     */
    @Benchmark
    public void applyTokenkit(Blackhole bh) {
        tokenkit.applyRequestMetadata(info, direct, into(bh));
    }

    /**
     * A unary in-process call with credentials that set the header by hand.
     *
     * @return the answer
     */
    @Benchmark
    public String callByHand() {
        return ClientCalls.blockingUnaryCall(channel, ECHO, byHandOptions, "hi");
    }

    /**
     * A unary in-process call through {@link TokenReplayInterceptor} and {@link TokenCallCredentials}.
     *
     * @return the answer
     */
    @Benchmark
    public String callTokenkit() {
        return ClientCalls.blockingUnaryCall(intercepted, ECHO, CallOptions.DEFAULT, "hi");
    }
}
