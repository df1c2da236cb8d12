package dev.tokenkit.grpc;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.grpc.contract.GrpcApi;
import dev.tokenkit.testkit.TestTokenEndpoint;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the contract does not reach: a unary call answered after its response message, and a
 * call cancelled, or whose deadline passes, while the replacement token is fetched. A real Netty
 * server and token endpoint on loopback.
 */
@Timeout(60)
class TokenReplayInterceptorTest {
    private TestTokenEndpoint endpoint;
    private GrpcApi api;
    private TokenSource source;
    private ManagedChannel managed;
    private Channel channel;

    @BeforeEach
    void start() {
        endpoint = TestTokenEndpoint.start();
        api = GrpcApi.start();
        source = endpoint.sourceBuilder().build();
        managed = Grpc.newChannelBuilderForAddress("127.0.0.1", api.address().getPort(),
                InsecureChannelCredentials.create()).build();
        channel = ClientInterceptors.intercept(managed, new TokenReplayInterceptor(source));
    }

    @AfterEach
    void stop() throws InterruptedException {
        managed.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        source.close();
        api.close();
        endpoint.close();
    }

    private String call(String message, CallOptions options) {
        return ClientCalls.blockingUnaryCall(channel, GrpcApi.CALL, options, message);
    }

    private static CallOptions within(Duration deadline) {
        return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Test
    @DisplayName("UNAUTHENTICATED after a response message is not replayed, but the token is invalidated")
    void notAfterAMessage() {
        AccessToken first = source.token();
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, GrpcApi.PARTIAL, within(Duration.ofSeconds(30)), "p"));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(api.calls()).as("calls to the API: no replay").hasSize(1);
        assertThat(call("next", within(Duration.ofSeconds(30)))).isEqualTo("Call next");
        assertThat(api.tokensSeen()).hasSize(2).doesNotHaveDuplicates().startsWith(first.value());
        assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
    }

    @Test
    @DisplayName("a call whose deadline passes while the replacement token is fetched fails DEADLINE_EXCEEDED at its deadline, unreplayed")
    void deadlineWhileReplacing() {
        api.revoke(source.token().value());
        endpoint.server().enqueue(FakeResponse.ok("{\"access_token\":\"late\",\"expires_in\":3600}")
                .delay(Duration.ofSeconds(4)));
        long start = System.nanoTime();
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> call("a", within(Duration.ofMillis(500))));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long the call took").isLessThan(Duration.ofSeconds(3));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(api.calls()).as("calls to the API").hasSize(1);
    }

    @Test
    @DisplayName("a call cancelled while the replacement token is fetched closes CANCELLED at once and is not replayed")
    void cancelledWhileReplacing() throws Exception {
        AccessToken revoked = source.token();
        api.revoke(revoked.value());
        endpoint.server().enqueue(FakeResponse.ok("{\"access_token\":\"after-cancel\",\"expires_in\":3600}")
                .delay(Duration.ofSeconds(2)));
        ClientCall<String, String> call = channel.newCall(GrpcApi.CALL, within(Duration.ofSeconds(30)));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage("c");
        call.halfClose();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (endpoint.requestCount() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // until the first attempt is rejected and the refetch has started
        }
        assertThat(endpoint.requestCount()).as("token requests: the refetch started").isEqualTo(2);
        call.cancel("the caller gave up", null);
        assertThat(closed.get(1, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
        // a call after the fetch: a replay, had it started on the fetch's completion, would have arrived first
        assertThat(call("next", within(Duration.ofSeconds(30)))).isEqualTo("Call next");
        assertThat(api.tokensSeen()).containsExactly(revoked.value(), "after-cancel");
    }
}
