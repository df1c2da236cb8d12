package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Engine v2, point 2: every fetch has a deadline. The provider runs on real worker threads (a
 * hung one really blocks); time, and so the deadline, is the manual clock's.
 */
class FetchDeadlineTest {
    private static final long WAIT_S = 30; // bounds waits for real threads; never reached when the code is right

    private final ManualClock clock = ManualClock.create();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-worker");
        t.setDaemon(true);
        return t;
    });

    /** Hangs on its first call until interrupted (or forever, if told to ignore interrupts); then issues tokens. */
    final class HangingProvider implements TokenProvider {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch returned = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final boolean ignoresInterrupts;

        HangingProvider(boolean ignoresInterrupts) {
            this.ignoresInterrupts = ignoresInterrupts;
        }

        @Override
        public String id() {
            return "hanging";
        }

        @Override
        public AccessToken fetch() {
            int n = calls.incrementAndGet();
            if (n == 1) {
                entered.countDown();
                try {
                    while (true) {
                        try {
                            release.await();
                            return AccessToken.builder("late").issuedAt(clock.instant()).expiresIn(Duration.ofHours(1)).build();
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            if (!ignoresInterrupts) {
                                throw new ProviderUnavailableException("hanging", "interrupted", e);
                            }
                        }
                    }
                } finally {
                    returned.countDown();
                }
            }
            return AccessToken.builder("token-" + n).issuedAt(clock.instant()).expiresIn(Duration.ofHours(1)).build();
        }
    }

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    private TokenSource.Builder source(TokenProvider provider) {
        return TokenSource.builder(provider).clock(clock).scheduler(timer).fetchExecutor(workers)
                .requestTimeout(Duration.ofSeconds(1)).expiry(VirtualTime.expiry()).retry(VirtualTime.retry());
    }

    @Test
    @DisplayName("a hung provider: tokenAsync() fails at the deadline with a typed error that says so, the worker is"
            + " interrupted, and the first fetch after the cool-down succeeds")
    void hungProviderIsAbandoned() throws Exception {
        HangingProvider provider = new HangingProvider(false);
        try (TokenSource source = source(provider).fetchDeadline(Duration.ofSeconds(5)).build()) {
            CompletableFuture<AccessToken> f = source.tokenAsync();
            assertThat(provider.entered.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            timer.advance(Duration.ofMillis(4999));
            assertThat(f).isNotDone();
            timer.advance(Duration.ofMillis(1));
            assertThat(failureOf(f)).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("fetch deadline of 5000 ms").hasMessageContaining("abandoned");
            assertThat(provider.interrupted.await(WAIT_S, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
            assertThat(failureOf(source.tokenAsync())).as("during the cool-down").isInstanceOf(ProviderUnavailableException.class);
            timer.advance(Duration.ofMillis(1750));
            assertThat(source.tokenAsync().get(WAIT_S, TimeUnit.SECONDS).value()).isEqualTo("token-2");
        }
        assertThat(timer.failures()).isEmpty();
    }

    @Test
    @DisplayName("a provider that ignores interrupts holds one worker: while it runs past the deadline the source"
            + " starts no other fetch and says why; its late answer is discarded, and then the source fetches again")
    void lateAnswerDiscarded() throws Exception {
        HangingProvider provider = new HangingProvider(true);
        StuckFetchTest.StuckEvents events = new StuckFetchTest.StuckEvents();
        try (TokenSource source = source(provider).fetchDeadline(Duration.ofSeconds(5)).listener(events).build()) {
            CompletableFuture<AccessToken> f = source.tokenAsync();
            assertThat(provider.entered.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            timer.advance(Duration.ofSeconds(5));
            assertThat(failureOf(f)).isInstanceOf(ProviderUnavailableException.class);
            timer.advance(Duration.ofSeconds(2));
            assertThat(events.reported.await(WAIT_S, TimeUnit.SECONDS)).as("reported stuck").isTrue();
            assertThat(failureOf(source.tokenAsync())).as("the first request still hangs on its worker")
                    .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("still running on thread test-worker");
            assertThat(events.stuck).containsExactly("test-worker");
            provider.release.countDown();
            assertThat(events.anyReturned.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(source.tokenAsync().get(WAIT_S, TimeUnit.SECONDS).value()).as("the late answer was not adopted")
                    .isEqualTo("token-2");
            assertThat(provider.calls.get()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("token() waiting on a hung fetch gets the deadline's error with its cause, not a bare timeout")
    void blockingCallerSeesCause() throws Exception {
        HangingProvider provider = new HangingProvider(false);
        try (TokenSource source = source(provider).build()) {
            Thread advancer = new Thread(() -> {
                try {
                    provider.entered.await(WAIT_S, TimeUnit.SECONDS);
                    timer.advance(Duration.ofSeconds(31)); // the default deadline: 30 s of retries + a 1 s request
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            advancer.start();
            Throwable e = catchThrowable(source::token);
            advancer.join(WAIT_S * 1000);
            assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("fetch deadline of 31000 ms");
            assertThat(e.getStackTrace()[e.getStackTrace().length - 1].toString())
                    .as("thrown on the caller's own thread").doesNotContain("test-worker");
        }
    }

    @Test
    @DisplayName("the builder rejects a maxWait longer than the deadline, and a deadline shorter than one request")
    void contradictionsRejected() {
        TokenProvider provider = new HangingProvider(false);
        assertThatThrownBy(() -> TokenSource.builder(provider).fetchDeadline(Duration.ofSeconds(20))
                .maxWait(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWait (30000 ms) is longer than the fetch deadline (20000 ms)");
        assertThatThrownBy(() -> TokenSource.builder(provider).requestTimeout(Duration.ofSeconds(10))
                .fetchDeadline(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than one request's timeout");
        TokenSource.builder(provider).fetchDeadline(Duration.ofSeconds(20)).maxWait(Duration.ofSeconds(2)).build().close();
    }
}
