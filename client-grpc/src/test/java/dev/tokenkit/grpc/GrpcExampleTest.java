package dev.tokenkit.grpc;

import dev.tokenkit.TokenSource;
import dev.tokenkit.grpc.contract.GrpcApi;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gRPC examples of docs/integrations.md: the same code, compiled and run against a revoked token. */
@Timeout(60)
class GrpcExampleTest {

    @Test
    @DisplayName("the snippets in docs/integrations.md are these examples")
    void snippetsMatch() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"), Path.of("src", "test", "java",
                "dev", "tokenkit", "grpc"))).containsExactly("grpc", "grpc-credentials");
    }

    @Test
    @DisplayName("the interceptor example heals a call whose token was revoked: two calls, one refetch")
    void interceptorExampleRuns() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); GrpcApi api = GrpcApi.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            api.revoke(source.token().value());
            ManagedChannel managedChannel = plaintext(api);
            try {
                assertThat(call(managedChannel, source, GrpcApi.CALL)).isEqualTo("Call hello");
            } finally {
                managedChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            assertThat(api.calls()).hasSize(2);
            assertThat(endpoint.requestCount()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("the credentials example puts the token on the call")
    void credentialsExampleRuns() throws Exception {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start(); GrpcApi api = GrpcApi.start();
             TokenSource source = endpoint.sourceBuilder().build()) {
            ManagedChannel managedChannel = plaintext(api);
            try {
                assertThat(callWithCredentials(managedChannel, source, GrpcApi.CALL)).isEqualTo("Call hello");
            } finally {
                managedChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            assertThat(api.tokensSeen()).containsExactly(source.token().value());
        }
    }

    /** The examples' channel: plaintext, to the loopback API (use TLS in production). */
    private static ManagedChannel plaintext(GrpcApi api) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", api.address().getPort(), InsecureChannelCredentials.create())
                .build();
    }

    static String call(ManagedChannel managedChannel, TokenSource source, MethodDescriptor<String, String> method) {
        // snippet:grpc
        Channel channel = ClientInterceptors.intercept(managedChannel, new TokenReplayInterceptor(source));
        // a generated stub takes the channel as it is: OrdersGrpc.newBlockingStub(channel)
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                "hello");
        // end:grpc
    }

    static String callWithCredentials(ManagedChannel managedChannel, TokenSource source,
                                      MethodDescriptor<String, String> method) {
        // snippet:grpc-credentials
        CallOptions options = CallOptions.DEFAULT.withCallCredentials(TokenCallCredentials.of(source))
                .withDeadlineAfter(5, TimeUnit.SECONDS);   // a stub: stub.withCallCredentials(TokenCallCredentials.of(source))
        return ClientCalls.blockingUnaryCall(managedChannel, method, options, "hello");
        // end:grpc-credentials
    }
}
