package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenSource#invalidate(String)}: what an HTTP client integration calls with the
 * {@code Authorization} value a 401 came back for.
 */
class InvalidateByHeaderTest {

    private final VirtualTime vt = new VirtualTime();
    private final ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
    private final Recorder events = new Recorder(vt.clock);

    @Test
    @DisplayName("the cached token's header invalidates it: one refetch, the INVALIDATED reason, one event")
    void currentHeader() {
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            source.invalidate(first.authorizationHeader());
            vt.scheduler.runDueTasks();
            assertThat(provider.calls()).isEqualTo(2);
            assertThat(events.reasons()).containsExactly(Reason.NO_TOKEN, Reason.INVALIDATED);
            assertThat(events.invalidated).singleElement().satisfies(t -> assertThat(t.sameValueAs(first)).isTrue());
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
    }

    @Test
    @DisplayName("an older token's header, a foreign header, null and a header of the right token with another type"
            + " cost nothing: no fetch, no event")
    void otherHeadersCostNothing() {
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            source.invalidate(first.authorizationHeader());
            vt.scheduler.runDueTasks();
            AccessToken second = vt.fetchNow(source);

            source.invalidate(first.authorizationHeader());
            source.invalidate("Bearer someone-elses-token");
            source.invalidate((String) null);
            source.invalidate("DPoP " + second.value());
            source.invalidate(second.value());
            vt.scheduler.runDueTasks();

            assertThat(provider.calls()).isEqualTo(2);
            assertThat(events.invalidated).hasSize(1);
            assertThat(source.token()).isSameAs(second);
        }
    }

    @Test
    @DisplayName("100 threads invalidating one header at once cause exactly one refetch")
    void hundredThreadsOneRefetch() throws Exception {
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            String header = vt.fetchNow(source).authorizationHeader();
            int threads = 100;
            CyclicBarrier together = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Void>> rejections = Collections.nCopies(threads, () -> {
                    // each request holds its own copy of the header it sent
                    String sent = new String(header.toCharArray());
                    together.await(30, TimeUnit.SECONDS);
                    source.invalidate(sent);
                    return null;
                });
                for (Future<Void> f : pool.invokeAll(rejections, 60, TimeUnit.SECONDS)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            vt.scheduler.runDueTasks();
            assertThat(provider.calls()).isEqualTo(2);
            assertThat(events.invalidated).hasSize(1);
        }
    }

    @Test
    @DisplayName("while the refetch is in flight, the rejected header again adds nothing: the callers share it")
    void duringRefetch() {
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            String header = vt.fetchNow(source).authorizationHeader();
            source.invalidate(header);
            source.invalidate(header);
            var waiting = source.tokenAsync();
            source.invalidate(header);
            vt.scheduler.runDueTasks();
            assertThat(waiting.join().value()).isEqualTo("token-2");
            assertThat(provider.calls()).isEqualTo(2);
            assertThat(events.reasons()).containsExactly(Reason.NO_TOKEN, Reason.INVALIDATED);
        }
    }
}
