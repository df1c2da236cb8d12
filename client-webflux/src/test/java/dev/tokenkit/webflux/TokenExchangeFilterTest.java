package dev.tokenkit.webflux;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What the WebClient filter does beyond the contract: it never blocks, and a cancelled request leaves the shared fetch alone. */
@Timeout(60)
class TokenExchangeFilterTest {
    private final TestTokenEndpoint endpoint = TestTokenEndpoint.start();
    private final ResourceServer api = ResourceServer.start();
    private final HeldExecutor fetches = new HeldExecutor();
    private final TokenSource source = endpoint.sourceBuilder().fetchExecutor(fetches).build();
    private final ConnectionProvider pool = WebClients.pool();
    private final WebClient web = WebClients.webClient(pool, TokenExchangeFilter.of(source));

    /** Reactor's and Netty's non-blocking threads (parallel schedulers, event loops) fail on any blocking call from now on. */
    @BeforeAll
    static void blockHound() {
        BlockHound.install();
    }

    @AfterEach
    void stop() {
        pool.disposeLater().block(WebClients.ANSWER);
        source.close();
        api.close();
        endpoint.close();
        fetches.close();
    }

    @Test
    @DisplayName("BlockHound is on: token() waiting for a fetch on a parallel thread fails (what the filter must never do)")
    void blockHoundCatchesWaitingForAFetch() {
        fetches.hold(); // the fetch never ends: token() parks at once
        Throwable failure = catchThrowable(() -> Mono.fromCallable(source::token).subscribeOn(Schedulers.parallel())
                .block(WebClients.ANSWER));
        assertThat(failure).hasCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    @DisplayName("no blocking call on a non-blocking thread: the first fetch awaited from a parallel thread, the 401's"
            + " replacement awaited from Reactor Netty's event loop")
    void neverBlocks() throws Exception {
        ObservedSource observed = new ObservedSource(source);
        WebClient client = WebClients.webClient(pool, TokenExchangeFilter.of(observed));
        fetches.hold(); // the request meets a fetch under way
        CompletableFuture<String> first = client.get().uri(api.uri("/a")).retrieve().bodyToMono(String.class)
                .subscribeOn(Schedulers.parallel()).toFuture();
        observed.asked(1).get(30, TimeUnit.SECONDS);
        fetches.runAtOnce();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("GET /a ");

        AccessToken revoked = source.token();
        api.revoke(revoked);
        fetches.hold(); // the 401 arrives on the event loop, which asks for the replacement while its fetch is under way
        CompletableFuture<String> second = client.get().uri(api.uri("/b")).retrieve().bodyToMono(String.class)
                .subscribeOn(Schedulers.parallel()).toFuture();
        observed.asked(3).get(30, TimeUnit.SECONDS); // the token, then the replacement
        fetches.runAtOnce();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("GET /b ");
        assertThat(api.tokensSeen()).hasSize(3).startsWith(revoked.value(), revoked.value());
        assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
    }

    @Test
    @DisplayName("a request cancelled while the fetch is under way does not cancel it: another request gets the token, one fetch")
    void cancelMidFetch() throws Exception {
        fetches.hold();
        Disposable cancelled = web.get().uri(api.uri("/cancelled")).retrieve().bodyToMono(String.class).subscribe();
        CompletableFuture<String> other = web.get().uri(api.uri("/other")).retrieve().bodyToMono(String.class).toFuture();
        assertThat(fetches.queued()).as("fetches under way").isEqualTo(1);
        cancelled.dispose();
        fetches.runAtOnce();
        assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("GET /other ");
        assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        assertThat(api.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/other"));
    }

    @Test
    @DisplayName("a source that hands every caller one shared future: cancelling one request leaves the future alone")
    void sharedFutureNotCancelled() throws Exception {
        CompletableFuture<AccessToken> shared = new CompletableFuture<>();
        WebClient overShared = WebClients.webClient(pool, TokenExchangeFilter.of(new SharedFutureSource(source, shared)));
        Disposable cancelled = overShared.get().uri(api.uri("/cancelled")).retrieve().bodyToMono(String.class).subscribe();
        CompletableFuture<String> other = overShared.get().uri(api.uri("/other")).retrieve().bodyToMono(String.class)
                .toFuture();
        cancelled.dispose();
        assertThat(shared).as("the shared future after one request was cancelled").isNotCancelled();
        fetches.runAtOnce();
        shared.complete(source.token());
        assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("GET /other ");
        assertThat(api.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/other"));
    }

    @Test
    @DisplayName("a one-shot body meeting a 401 is not replayed; the token is invalidated and the next request carries a new one")
    void oneShotBodyInvalidates() {
        fetches.runAtOnce();
        AccessToken revoked = source.token();
        api.revoke(revoked);
        Integer status = web.post().uri(api.uri("/upload")).body(WebClients.oneShot("once".getBytes()), byte[].class)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())).block(WebClients.ANSWER);
        assertThat(status).isEqualTo(401);
        assertThat(source.token().value()).isNotEqualTo(revoked.value());
        assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
    }

    @Test
    @DisplayName("toString names the provider, never a token")
    void describes() {
        assertThat(TokenExchangeFilter.of(source)).hasToString("TokenExchangeFilter[" + TestTokenEndpoint.PROVIDER_ID + "]");
    }

    /**
     * The source's fetch executor, in the test's hands: it runs fetches at once, or holds them
     * until the test lets them go, so that requests meet a fetch under way without a race.
     */
    private static final class HeldExecutor implements Executor, AutoCloseable {
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Runnable> held = new ArrayList<>();
        private boolean holding;

        synchronized void hold() {
            holding = true;
        }

        synchronized int queued() {
            return held.size();
        }

        /** Runs the held fetches, and every later one at once. */
        synchronized void runAtOnce() {
            holding = false;
            held.forEach(threads::execute);
            held.clear();
        }

        @Override
        public synchronized void execute(Runnable fetch) {
            if (holding) {
                held.add(fetch);
            } else {
                threads.execute(fetch);
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }

    /** A source that tells the test how many times it was asked for a token, by either method. */
    private static final class ObservedSource implements TokenSource {
        private final TokenSource delegate;
        private final List<CompletableFuture<Void>> asks = new ArrayList<>();
        private int count;

        ObservedSource(TokenSource delegate) {
            this.delegate = delegate;
        }

        /** Completes once the source has been asked {@code n} times. */
        synchronized CompletableFuture<Void> asked(int n) {
            while (asks.size() < n) {
                asks.add(new CompletableFuture<>());
            }
            if (count >= n) {
                asks.get(n - 1).complete(null);
            }
            return asks.get(n - 1);
        }

        private synchronized void ask() {
            count++;
            asked(count).complete(null);
        }

        @Override
        public String providerId() {
            return delegate.providerId();
        }

        @Override
        public AccessToken token() {
            ask();
            return delegate.token();
        }

        @Override
        public CompletableFuture<AccessToken> tokenAsync() {
            ask();
            return delegate.tokenAsync();
        }

        @Override
        public void invalidate(AccessToken token) {
            delegate.invalidate(token);
        }

        @Override
        public void invalidate(String authorizationHeader) {
            delegate.invalidate(authorizationHeader);
        }

        @Override
        public void close() {
        }
    }

    /** A source that hands every {@code tokenAsync()} caller the same future, as a third party's might. */
    private record SharedFutureSource(TokenSource delegate, CompletableFuture<AccessToken> shared) implements TokenSource {
        @Override
        public String providerId() {
            return delegate.providerId();
        }

        @Override
        public AccessToken token() {
            return shared.join();
        }

        @Override
        public CompletableFuture<AccessToken> tokenAsync() {
            return shared;
        }

        @Override
        public void invalidate(AccessToken token) {
            delegate.invalidate(token);
        }

        @Override
        public void invalidate(String authorizationHeader) {
            delegate.invalidate(authorizationHeader);
        }

        @Override
        public void close() {
        }
    }
}
