package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 5, invalidation: many callers invalidating one token cause one refetch. */
class InvalidateTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("invalidate(t) from 100 threads at once causes exactly one refetch")
    void hundredThreadsOneRefetch() throws Exception {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            int threads = 100;
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            List<Thread> started = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < threads; i++) {
                // each rejecting its own copy of the token, as API clients holding it would
                AccessToken copy = AccessToken.builder(first.value()).issuedAt(first.issuedAt())
                        .expiresAt(first.expiresAt().orElseThrow()).build();
                Thread t = new Thread(() -> {
                    try {
                        ready.countDown();
                        go.await();
                        source.invalidate(copy);
                    } catch (Throwable e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                });
                started.add(t);
                t.start();
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            for (Thread t : started) {
                t.join(10_000);
            }
            assertThat(errors).isEmpty();
            vt.scheduler.runDueTasks();

            assertThat(provider.calls()).isEqualTo(2);
            assertThat(events.invalidated).hasSize(1);
            assertThat(events.reasons()).containsExactly(Reason.NO_TOKEN, Reason.INVALIDATED);
            AccessToken second = source.token();
            assertThat(second.value()).isEqualTo("token-2");

            // invalidating the older token again does nothing
            source.invalidate(first);
            vt.scheduler.runDueTasks();
            assertThat(provider.calls()).isEqualTo(2);
            assertThat(source.token()).isSameAs(second);
            assertThat(events.invalidated).hasSize(1);
        }
    }

    @Test
    @DisplayName("invalidating while a fetch is in flight joins it instead of starting another")
    void invalidateDuringRefresh() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).build()) {
            AccessToken first = vt.fetchNow(source);
            vt.clock.advance(Duration.ofMinutes(50)); // past the refresh point; nothing ran yet
            assertThat(source.token()).isSameAs(first); // starts the background refresh (queued)
            source.invalidate(first);
            source.invalidate(first);
            CompletableFuture<AccessToken> waiting = source.tokenAsync();
            vt.scheduler.runDueTasks();
            assertThat(waiting.join().value()).isEqualTo("token-2");
            assertThat(provider.calls()).isEqualTo(2);
        }
    }
}
