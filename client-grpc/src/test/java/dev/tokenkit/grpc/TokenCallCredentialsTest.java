package dev.tokenkit.grpc;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.testkit.TestTokenEndpoint;
import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import dev.tokenkit.grpc.contract.GrpcApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenCallCredentials} called as grpc-java calls them, over a real source and token
 * endpoint: where the header is applied, and what a failed fetch becomes.
 */
@Timeout(60)
class TokenCallCredentialsTest {
    private TestTokenEndpoint endpoint;
    private TokenSource source;
    private ExecutorService callExecutor;

    @BeforeEach
    void start() {
        endpoint = TestTokenEndpoint.start();
        source = endpoint.sourceBuilder().build();
        callExecutor = Executors.newSingleThreadExecutor(r -> new Thread(r, "call-executor"));
    }

    @AfterEach
    void stop() {
        callExecutor.shutdownNow();
        source.close();
        endpoint.close();
    }

    /** What the credentials did with the call: the header, or the status, and on which thread. */
    private static final class Outcome extends CallCredentials.MetadataApplier {
        final CompletableFuture<Metadata> applied = new CompletableFuture<>();
        final CompletableFuture<Status> failed = new CompletableFuture<>();
        volatile String thread;

        @Override
        public void apply(Metadata headers) {
            thread = Thread.currentThread().getName();
            applied.complete(headers);
        }

        @Override
        public void fail(Status status) {
            thread = Thread.currentThread().getName();
            failed.complete(status);
        }
    }

    private static CallCredentials.RequestInfo info(CallOptions options) {
        return new CallCredentials.RequestInfo() {
            @Override
            public MethodDescriptor<?, ?> getMethodDescriptor() {
                return GrpcApi.CALL;
            }

            @Override
            public CallOptions getCallOptions() {
                return options;
            }

            @Override
            public SecurityLevel getSecurityLevel() {
                return SecurityLevel.NONE;
            }

            @Override
            public String getAuthority() {
                return "127.0.0.1";
            }

            @Override
            public Attributes getTransportAttrs() {
                return Attributes.EMPTY;
            }
        };
    }

    /** Asks the credentials for a call's header as grpc-java does, the call's executor being {@code call-executor}. */
    private Outcome apply(CallOptions options) {
        Outcome outcome = new Outcome();
        TokenCallCredentials.of(source).applyRequestMetadata(info(options), callExecutor, outcome);
        return outcome;
    }

    /** The next token request is answered with this token after this delay. */
    private void answerLate(String token, Duration delay) {
        endpoint.server().enqueue(FakeResponse.ok("{\"access_token\":\"" + token + "\",\"expires_in\":3600}").delay(delay));
    }

    @Test
    @DisplayName("a cached token is applied at once, on the asking thread")
    void cachedAtOnce() {
        String header = source.token().authorizationHeader();
        Outcome outcome = apply(CallOptions.DEFAULT);
        assertThat(outcome.applied).isCompleted();
        assertThat(outcome.applied.join().get(TokenCallCredentials.AUTHORIZATION)).isEqualTo(header);
        assertThat(outcome.thread).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    @DisplayName("while the token is fetched, the asking thread returns at once and the header is applied later on the call's executor")
    void fetchedWithoutBlocking() throws Exception {
        answerLate("slow-token", Duration.ofSeconds(2));
        long start = System.nanoTime();
        Outcome outcome = apply(CallOptions.DEFAULT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long applyRequestMetadata held the asking thread")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(outcome.applied).as("applied before the fetch ended").isNotDone();
        Metadata headers = outcome.applied.get(30, TimeUnit.SECONDS);
        assertThat(headers.get(TokenCallCredentials.AUTHORIZATION)).isEqualTo("Bearer slow-token");
        assertThat(outcome.thread).as("the thread that applied the header").isEqualTo("call-executor");
    }

    @Test
    @DisplayName("rejected client credentials fail the call UNAVAILABLE with the InvalidCredentialsException as cause, naming the provider")
    void invalidCredentialsAreUnavailable() throws Exception {
        endpoint.server().enqueue(FakeResponse.status(401).body("{\"error\":\"invalid_client\"}"));
        Outcome outcome = apply(CallOptions.DEFAULT);
        Status status = outcome.failed.get(30, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getCause()).isInstanceOf(InvalidCredentialsException.class);
        assertThat(status.getDescription()).startsWith("tokenkit: no access token from provider 'test-endpoint', so the"
                + " call was not sent: ");
        assertThat(outcome.applied).isNotDone();
    }

    @Test
    @DisplayName("a fetch that outlives the call's deadline fails the call DEADLINE_EXCEEDED at the deadline")
    void deadline() throws Exception {
        answerLate("late", Duration.ofSeconds(4));
        long start = System.nanoTime();
        Outcome outcome = apply(CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS));
        Status status = outcome.failed.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(outcome.thread).isEqualTo("call-executor");
    }

    @Test
    @DisplayName("a closed source fails the call UNAVAILABLE, naming why")
    void closedSource() {
        source.close();
        Outcome outcome = apply(CallOptions.DEFAULT);
        assertThat(outcome.failed).isCompleted();
        assertThat(outcome.failed.join().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(outcome.failed.join().getCause()).isInstanceOf(IllegalStateException.class);
    }
}
