package dev.tokenkit.grpc.contract;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.testkit.TestTokenEndpoint;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The contract every gRPC integration of a {@link TokenSource} passes (see
 * {@code docs/integrations.md}, "gRPC"): the token on every call, got without holding the thread
 * that starts the call and within the call's deadline; a failed fetch surfaces as
 * {@code UNAVAILABLE}, never {@code UNAUTHENTICATED}; {@code UNAUTHENTICATED} to our token heals
 * a unary call once and never loops; a streaming call is not replayed; {@code PERMISSION_DENIED}
 * and {@code insufficient_scope} are neither retried nor invalidate the token; 100 concurrent
 * calls meeting one revoked token cause one refetch. An integration's test extends this class
 * and answers one hook:
 *
 * <pre>{@code
 * class MyGrpcContractTest extends GrpcAdapterContract {
 *     protected Client client(Channel channel, TokenSource source) {
 *         return Client.over(ClientInterceptors.intercept(channel, new MyTokenInterceptor(source)));
 *     }
 * }
 * }</pre>
 *
 * <p>Each check runs against a {@link GrpcApi} (a real grpc-java Netty server on loopback whose
 * interceptor checks tokens) and a {@link TestTokenEndpoint} (real HTTP on loopback), and counts
 * the calls and token requests each receives: a storm is a failure.
 */
@Timeout(60)
public abstract class GrpcAdapterContract {
    /** How many concurrent calls meet one revoked token in the concurrency check. */
    static final int CONCURRENT_CALLS = 100;
    /** The deadline of the call in the deadline check; the token fetch it meets takes {@link #SLOW_FETCH}. */
    static final Duration SHORT_DEADLINE = Duration.ofMillis(300);
    static final Duration SLOW_FETCH = Duration.ofSeconds(4);
    /** How long the call in the deadline check may take in all: its deadline and a generous margin. */
    static final Duration DEADLINE_BOUND = Duration.ofMillis(2000);

    /**
     * A call for the client to make.
     *
     * @param method    the method
     * @param message   the request message
     * @param requestId the {@code x-request-id} header to send
     * @param deadline  the call's deadline from now, or {@code null} for none
     */
    public record Request(MethodDescriptor<String, String> method, String message, String requestId, Duration deadline) {
        /**
         * Checks the fields.
         *
         * @param method    the method
         * @param message   the request message
         * @param requestId the header value
         * @param deadline  the deadline, or {@code null}
         */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** The client under test: grpc-java, equipped with the integration. */
    public interface Client extends AutoCloseable {
        /**
         * Makes a unary call and waits for its answer.
         *
         * @param request the call
         * @return the response message
         * @throws StatusRuntimeException when the call fails
         */
        String unary(Request request);

        /**
         * Makes a server-streaming call and reads every message.
         *
         * @param request the call
         * @return the response messages
         * @throws StatusRuntimeException when the call fails
         */
        List<String> serverStreaming(Request request);

        /** Releases the client's resources, if any; called after each check. */
        @Override
        default void close() {
        }

        /**
         * A client that makes blocking calls on a channel equipped with the integration.
         *
         * @param channel the equipped channel
         * @return the client
         */
        static Client over(Channel channel) {
            return new Client() {
                @Override
                public String unary(Request request) {
                    return ClientCalls.blockingUnaryCall(withHeaders(channel, request), request.method(),
                            options(request), request.message());
                }

                @Override
                public List<String> serverStreaming(Request request) {
                    List<String> messages = new ArrayList<>();
                    ClientCalls.blockingServerStreamingCall(withHeaders(channel, request), request.method(),
                            options(request), request.message()).forEachRemaining(messages::add);
                    return messages;
                }
            };
        }

        private static Channel withHeaders(Channel channel, Request request) {
            Metadata headers = new Metadata();
            headers.put(GrpcApi.REQUEST_ID, request.requestId());
            return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        private static CallOptions options(Request request) {
            return request.deadline() == null ? CallOptions.DEFAULT
                    : CallOptions.DEFAULT.withDeadlineAfter(request.deadline().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** For subclasses. */
    protected GrpcAdapterContract() {
    }

    /**
     * The client under test, over this plaintext channel to the API and this source; called before
     * each check.
     *
     * @param channel a channel to the {@link GrpcApi}
     * @param source  the token source to use
     * @return the client
     * @throws Exception when it cannot be built
     */
    protected abstract Client client(Channel channel, TokenSource source) throws Exception;

    private TestTokenEndpoint endpoint;
    private GrpcApi api;
    private TokenSource source;
    private ManagedChannel channel;
    private Client client;

    @BeforeEach
    final void startKit() throws Exception {
        endpoint = TestTokenEndpoint.start();
        api = GrpcApi.start();
        source = endpoint.sourceBuilder().build();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", api.address().getPort(), InsecureChannelCredentials.create())
                .build();
        client = client(channel, source);
    }

    @AfterEach
    final void stopKit() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
            source.close();
            api.close();
            endpoint.close();
        }
    }

    private String call(String message) {
        return client.unary(new Request(GrpcApi.CALL, message, "r-" + message, Duration.ofSeconds(30)));
    }

    private Status.Code failure(MethodDescriptor<String, String> method, String message) {
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> client.unary(new Request(method, message, "r-" + message, Duration.ofSeconds(30)))).getStatus().getCode();
    }

    private AccessToken current() {
        return source.token();
    }

    @Nested
    @DisplayName("the header")
    class Header {
        @Test
        @DisplayName("every call carries 'authorization: Bearer <token>', fetched once")
        void everyCall() {
            assertThat(call("a")).isEqualTo("Call a");
            assertThat(call("b")).isEqualTo("Call b");
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }

        @Test
        @DisplayName("when no token can be had, the call is not sent and fails UNAVAILABLE (never UNAUTHENTICATED) with the token error as cause")
        void noToken() {
            endpoint.server().enqueue(FakeResponse.status(401).body("{\"error\":\"invalid_client\"}"));
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> call("a"));
            assertThat(failure).as("the call's failure").isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(failure.getStatus().getCause()).as("the status's cause").isInstanceOf(TokenException.class);
            assertThat(api.calls()).as("calls that reached the API").isEmpty();
        }

        @Test
        @DisplayName("a call whose deadline passes while the token fetch hangs fails DEADLINE_EXCEEDED by its deadline, and holds no thread")
        void deadline() {
            assertThat(call("warm")).isEqualTo("Call warm"); // the channel is ready; the token cached
            endpoint.server().enqueue(FakeResponse.ok("{}").delay(SLOW_FETCH));
            source.invalidate(current());
            long start = System.nanoTime();
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.unary(new Request(GrpcApi.CALL, "late", "r-late", SHORT_DEADLINE)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure).as("the call's failure").isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(took).as("how long the call took, with a %s deadline and a %s token fetch", SHORT_DEADLINE, SLOW_FETCH)
                    .isLessThan(DEADLINE_BOUND);
            assertThat(api.calls()).as("calls that reached the API").hasSize(1);
        }
    }

    @Nested
    @DisplayName("a rejected token")
    class Rejected {
        @Test
        @DisplayName("UNAUTHENTICATED to a revoked token invalidates it and replays the unary call once, same message and headers: one refetch")
        void replayOnce() {
            AccessToken revoked = current();
            api.revoke(revoked.value());
            assertThat(call("payload-1")).isEqualTo("Call payload-1");
            AccessToken next = current();
            assertThat(next.value()).isNotEqualTo(revoked.value());
            assertThat(api.calls()).containsExactly(new GrpcApi.Arrived("Call", revoked.value(), "r-payload-1"),
                    new GrpcApi.Arrived("Call", next.value(), "r-payload-1"));
            assertThat(api.handled()).containsExactly("payload-1");
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("an API that rejects every token gets two calls and the caller UNAUTHENTICATED: no loop")
        void noLoop() {
            current();
            api.rejectEveryToken();
            assertThat(failure(GrpcApi.CALL, "a")).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(api.calls()).as("calls to the API").hasSize(2);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("when the endpoint re-issues the rejected token, the caller gets UNAUTHENTICATED after one call")
        void reissued() {
            AccessToken revoked = current();
            api.revoke(revoked.value());
            endpoint.reissueLastToken(true);
            assertThat(failure(GrpcApi.CALL, "a")).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(api.tokensSeen()).containsExactly(revoked.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("a streaming call is not replayed: the caller gets UNAUTHENTICATED, and the next call carries a new token")
        void streamNotReplayed() {
            AccessToken revoked = current();
            api.revoke(revoked.value());
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.serverStreaming(new Request(GrpcApi.STREAM, "s", "r-s", Duration.ofSeconds(30))));
            assertThat(failure).as("the streaming call's failure").isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(api.calls()).as("calls to the API: the stream, once").hasSize(1);
            assertThat(client.serverStreaming(new Request(GrpcApi.STREAM, "t", "r-t", Duration.ofSeconds(30))))
                    .containsExactly("t 1", "t 2", "t 3");
            assertThat(api.tokensSeen()).hasSize(2).doesNotHaveDuplicates().startsWith(revoked.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("answers that do not reject the token")
    class NotRejections {
        @Test
        @DisplayName("PERMISSION_DENIED is neither retried nor invalidates the token")
        void permissionDenied() {
            assertThat(failure(GrpcApi.FORBIDDEN, "a")).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(call("b")).isEqualTo("Call b");
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }

        @Test
        @DisplayName("UNAUTHENTICATED whose www-authenticate says error=\"insufficient_scope\" is neither retried nor invalidates the token")
        void insufficientScope() {
            assertThat(failure(GrpcApi.SCOPE, "a")).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(call("b")).isEqualTo("Call b");
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("100 concurrent unary calls meeting one revoked token cause exactly one refetch, and all succeed")
        void oneRefetch() throws Exception {
            AccessToken revoked = current();
            api.revoke(revoked.value());
            api.holdUntil(CONCURRENT_CALLS);
            ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_CALLS);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < CONCURRENT_CALLS; i++) {
                    String message = "c" + i;
                    answers.add(threads.submit(() -> call(message)));
                }
                for (int i = 0; i < CONCURRENT_CALLS; i++) {
                    assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("Call c" + i);
                }
            } finally {
                threads.shutdownNow();
            }
            AccessToken next = current();
            assertThat(endpoint.requestCount()).as("token requests: the first and one refetch").isEqualTo(2);
            List<String> seen = api.tokensSeen();
            assertThat(seen).as("tokens the API saw").hasSize(2 * CONCURRENT_CALLS);
            assertThat(seen.stream().filter(revoked.value()::equals)).as("calls with the revoked token").hasSize(CONCURRENT_CALLS);
            assertThat(seen.stream().filter(next.value()::equals)).as("replays with the new token").hasSize(CONCURRENT_CALLS);
        }
    }
}
