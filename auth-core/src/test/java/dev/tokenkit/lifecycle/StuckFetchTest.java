package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Policies;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.internal.SharedThreads;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A provider whose fetch() ignores interrupts: it keeps its thread past the deadline. Real
 * threads (the shared fetch pool), virtual time for deadlines and cool-downs; every wait on a
 * real thread has a deadline.
 */
class StuckFetchTest {
    private static final long WAIT_S = 30; // bounds waits for real threads; never reached when the code is right
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final ManualClock clock = ManualClock.create();
    private final ManualScheduler timer = new ManualScheduler(clock);

    /** Loops on await(), swallowing InterruptedException, until released; calls after {@code hanging} issue tokens. */
    static final class IgnoresInterrupts implements TokenProvider {
        final Semaphore entered = new Semaphore(0);
        final Semaphore returned = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger interrupts = new AtomicInteger();
        private final int hanging;
        private final ManualClock clock;

        IgnoresInterrupts(ManualClock clock, int hanging) {
            this.clock = clock;
            this.hanging = hanging;
        }

        @Override
        public String id() {
            return "stubborn";
        }

        @Override
        public AccessToken fetch() {
            int n = calls.incrementAndGet();
            if (n <= hanging) {
                entered.release();
                try {
                    while (true) {
                        try {
                            release.await();
                            throw new ProviderUnavailableException("stubborn", "released at last", null);
                        } catch (InterruptedException e) {
                            interrupts.incrementAndGet(); // and carry on waiting
                        }
                    }
                } finally {
                    returned.release();
                }
            }
            return AccessToken.builder("token-" + n).issuedAt(clock.instant()).expiresIn(Duration.ofHours(1)).build();
        }
    }

    /** Records the stuck-fetch events. */
    static final class StuckEvents implements TokenSourceListener {
        final List<String> stuck = new CopyOnWriteArrayList<>();
        final List<String> returned = new CopyOnWriteArrayList<>();
        final CountDownLatch anyReturned = new CountDownLatch(1);
        final CountDownLatch reported = new CountDownLatch(1);

        @Override
        public void fetchStuck(String providerId, String threadName) {
            stuck.add(threadName);
            reported.countDown();
        }

        @Override
        public void stuckFetchReturned(String providerId, String threadName) {
            returned.add(threadName);
            anyReturned.countDown();
        }
    }

    private TokenSource.Builder stubborn(TokenProvider provider, TokenSourceListener events) {
        return TokenSource.builder(provider).clock(clock).scheduler(timer).expiry(VirtualTime.expiry())
                .retry(Policies.retry(() -> 0.5).cooldown(Duration.ofMillis(200), Duration.ofMillis(400))
                        .build())
                .requestTimeout(DEADLINE).fetchDeadline(DEADLINE).listener(events);
    }

    @Test
    @DisplayName("a fetch that ignores interrupts holds one thread: with a caller every 100 ms for 7 s the source"
            + " starts no other request, its callers get an error naming the stuck fetch, it is reported once, and"
            + " once it returns the source fetches again")
    void oneThreadPerSource() throws Exception {
        IgnoresInterrupts provider = new IgnoresInterrupts(clock, 1);
        StuckEvents events = new StuckEvents();
        Recorder recorder = new Recorder(clock);
        try (TokenSource source = stubborn(provider, events).listener(recorder).build()) {
            source.tokenAsync();
            assertThat(provider.entered.tryAcquire(WAIT_S, TimeUnit.SECONDS)).as("the first fetch runs").isTrue();
            for (int i = 0; i < 70; i++) {
                timer.advance(Duration.ofMillis(100));
                source.tokenAsync();
            }
            // a thread is stuck when it has not returned a second of real time after its deadline
            assertThat(events.reported.await(WAIT_S, TimeUnit.SECONDS)).as("reported stuck").isTrue();
            for (int i = 0; i < 10; i++) {
                timer.advance(Duration.ofMillis(100));
                assertThat(failureOf(source.tokenAsync())).isInstanceOf(ProviderUnavailableException.class)
                        .hasMessageContaining("still running on thread tokenkit-fetch-")
                        .hasMessageContaining("does not return when its thread is interrupted");
            }
            assertThat(provider.calls.get()).as("requests while stuck").isEqualTo(1);
            assertThat(provider.interrupts.get()).as("interrupted at the deadline").isPositive();
            assertThat(events.stuck).as("reported once").singleElement().satisfies(name ->
                    assertThat(name).startsWith("tokenkit-fetch-"));
            assertThat(recorder.failed).as("every fetch of the source failed").hasSameSizeAs(recorder.started);

            provider.release.countDown();
            assertThat(events.anyReturned.await(WAIT_S, TimeUnit.SECONDS)).as("its return is reported").isTrue();
            timer.advance(Duration.ofSeconds(1)); // past the cool-down
            assertThat(source.tokenAsync().get(WAIT_S, TimeUnit.SECONDS).value()).isEqualTo("token-2");
            assertThat(events.stuck).hasSize(1);
        } finally {
            provider.release.countDown();
        }
    }

    @Test
    @DisplayName("as many stuck fetches as the shared pool has threads: a healthy source still gets its token at"
            + " once, and closing the stuck sources changes nothing for it")
    void healthySourcesNeverWait() throws Exception {
        int poolSize = Math.max(1, Integer.getInteger(SharedThreads.FETCH_THREADS_PROPERTY,
                SharedThreads.DEFAULT_FETCH_THREADS));
        IgnoresInterrupts provider = new IgnoresInterrupts(clock, Integer.MAX_VALUE);
        StuckEvents events = new StuckEvents();
        List<TokenSource> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                TokenSource s = stubborn(provider, events).build();
                stuck.add(s);
                s.tokenAsync();
            }
            assertThat(provider.entered.tryAcquire(poolSize, WAIT_S, TimeUnit.SECONDS))
                    .as("every shared fetch thread is inside the provider").isTrue();
            timer.advance(DEADLINE); // every deadline passes; the threads stay stuck
            try (TokenSource healthy = TokenSource.builder(new SharedThreadsTest.Instant1h("healthy",
                    java.util.concurrent.ConcurrentHashMap.newKeySet())).scheduler(timer).build()) {
                assertThat(healthy.tokenAsync().get(10, TimeUnit.SECONDS).value()).isEqualTo("healthy-token");
                stuck.forEach(TokenSource::close);
                healthy.invalidate(healthy.token());
                assertThat(healthy.tokenAsync().get(10, TimeUnit.SECONDS).value()).isEqualTo("healthy-token");
            }
            assertThat(events.reported.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        } finally {
            stuck.forEach(TokenSource::close);
            provider.release.countDown();
            // leave the shared pool as found: every stuck thread back
            assertThat(provider.returned.tryAcquire(poolSize, WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
    }
}
