package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A listener that throws cannot break the source, nor keep other listeners from hearing events. */
class ListenerIsolationTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("listener exceptions are ignored in every event and later listeners still hear them")
    void throwingListener() {
        AtomicInteger thrown = new AtomicInteger();
        TokenSourceListener bad = new TokenSourceListener() {
            private void boom() {
                thrown.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void refreshStarted(String providerId, Reason reason) {
                boom();
            }

            @Override
            public void refreshSucceeded(Fetch fetch, AccessToken token) {
                boom();
            }

            @Override
            public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
                boom();
            }

            @Override
            public void retryScheduled(String providerId, TokenException error, int failedAttempt, Duration wait) {
                boom();
            }

            @Override
            public void tokenInvalidated(String providerId, AccessToken token) {
                boom();
            }
        };
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenIssue(Duration.ofMinutes(10))
                .thenFail(ScriptedProvider::unavailable)
                .thenFail(ScriptedProvider::unavailable)
                .thenFail(ScriptedProvider::unavailable)
                .thenFail(ScriptedProvider::unavailable)
                .otherwiseIssue(Duration.ofMinutes(10));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(bad).listener(events).build()) {
            AccessToken first = vt.fetchNow(source);
            vt.scheduler.advance(Duration.ofMinutes(8).plusSeconds(10)); // refresh at 8 min fails 4 times, retried later
            assertThat(events.failed).hasSize(1);
            assertThat(events.failed.get(0).error()).isInstanceOf(ProviderUnavailableException.class);
            assertThat(source.token().value()).isEqualTo("token-6");
            source.invalidate(source.token());
            vt.scheduler.runDueTasks();
            assertThat(source.token().value()).isEqualTo("token-7");
            assertThat(first.value()).isEqualTo("token-1");
        }
        assertThat(events.retries).hasSize(3);
        assertThat(events.invalidated).hasSize(1);
        assertThat(thrown.get()).isEqualTo(events.started.size() + events.succeeded.size() + events.failed.size()
                + events.retries.size() + events.invalidated.size());
        assertThat(vt.scheduler.failures()).isEmpty();
    }
}
