package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine v2, point 1: no Throwable from a provider, listener or executor wedges a source. */
class NeverWedgedTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("a provider that throws NoClassDefFoundError once: callers get a typed error caused by it, listeners"
            + " hear it, and the first fetch after the cool-down succeeds")
    void errorFromProvider() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .then((n, now) -> {
                    throw new NoClassDefFoundError("com/acme/Missing");
                })
                .otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            Throwable e = failureOf(vt.ask(source));
            assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("java.lang.NoClassDefFoundError")
                    .hasRootCauseInstanceOf(NoClassDefFoundError.class);
            assertThat(events.failed).singleElement().satisfies(f -> {
                assertThat(f.error()).hasRootCauseInstanceOf(NoClassDefFoundError.class);
                assertThat(f.nextAttemptIn()).isEqualTo(Duration.ofMillis(1750));
            });
            assertThat(failureOf(vt.ask(source))).as("during the cool-down, without a request")
                    .isInstanceOf(ProviderUnavailableException.class);
            assertThat(provider.calls()).isEqualTo(1);
            vt.scheduler.advance(Duration.ofMillis(1750));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
        assertThat(vt.scheduler.failures()).isEmpty();
    }

    @Test
    @DisplayName("an OutOfMemoryError from the provider is not rethrown on callers' threads: it is the cause of a typed"
            + " error, and the source recovers")
    void virtualMachineError() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .then((n, now) -> {
                    throw new OutOfMemoryError("simulated");
                })
                .otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).build()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(ProviderUnavailableException.class)
                    .hasRootCauseInstanceOf(OutOfMemoryError.class);
            vt.scheduler.advance(Duration.ofSeconds(2));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
    }

    @Test
    @DisplayName("a listener that throws AssertionError in refreshStarted (as under -ea) does not stop the fetch")
    void throwingListener() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        TokenSourceListener bad = new TokenSourceListener() {
            @Override
            public void refreshStarted(String providerId, Reason reason) {
                throw new AssertionError("listener bug");
            }

            @Override
            public void refreshSucceeded(Fetch fetch, AccessToken token) {
                throw new StackOverflowError("listener bug");
            }
        };
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(bad).listener(events).build()) {
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-1");
            assertThat(events.succeeded).hasSize(1);
            source.invalidate(source.token());
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
        assertThat(vt.scheduler.failures()).isEmpty();
    }

    @Test
    @DisplayName("fetch() returning null is a malformed response, and the source goes on")
    void nullToken() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).then((n, now) -> null).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).build()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("returned null");
            vt.scheduler.advance(Duration.ofSeconds(2));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
    }

    @Test
    @DisplayName("a fetch executor that rejects the fetch fails the callers at once, typed, and is tried again later")
    void rejectingExecutor() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        boolean[] reject = {true};
        try (TokenSource source = vt.source(provider).fetchExecutor(task -> {
            if (reject[0]) {
                throw new RejectedExecutionException("pool shut down");
            }
            vt.scheduler.execute(task);
        }).build()) {
            CompletableFuture<AccessToken> f = source.tokenAsync();
            assertThat(failureOf(f)).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("rejected").hasRootCauseInstanceOf(RejectedExecutionException.class);
            reject[0] = false;
            vt.scheduler.advance(Duration.ofSeconds(2));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-1");
        }
    }

    @Test
    @DisplayName("a scheduler that was shut down: callers fail at once instead of hanging")
    void shutDownScheduler() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        ScheduledThreadPoolExecutor dead = new ScheduledThreadPoolExecutor(1);
        dead.shutdownNow();
        try (TokenSource source = TokenSource.builder(provider).clock(vt.clock).scheduler(dead)
                .fetchExecutor(vt.scheduler).retry(RetryPolicy.none()).build()) {
            assertThat(failureOf(source.tokenAsync())).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("shut down");
            assertThat(provider.calls()).isZero();
        }
    }

    @Test
    @DisplayName("events name the provider and carry the fetch's duration on the source's clock")
    void eventsCarryIdAndDuration() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).thenFail(ScriptedProvider::unavailable)
                .otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            vt.scheduler.advance(Duration.ofMillis(500));
            assertThat(f.join().value()).isEqualTo("token-2");
        }
        assertThat(events.succeeded).singleElement().satisfies(s -> {
            assertThat(s.fetch().providerId()).isEqualTo(ScriptedProvider.ID);
            assertThat(s.fetch().attempts()).isEqualTo(2);
            assertThat(s.fetch().duration()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.fetch().reason()).isEqualTo(TokenSourceListener.Reason.NO_TOKEN);
        });
    }
}
