package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testsupport.LoopbackServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** close(): background work stops, later calls fail clearly, idempotent, waiters released. */
class CloseTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("close cancels the scheduled refresh: nothing pending, provider not called when the clock passes the refresh point")
    void stopsBackgroundRefresh() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        TokenSource source = vt.source(provider).build();
        vt.fetchNow(source);
        assertThat(vt.scheduler.pendingTasks()).as("the refresh is scheduled").isEqualTo(1);
        source.close();
        assertThat(vt.scheduler.pendingTasks()).isZero();
        vt.scheduler.advance(Duration.ofHours(3));
        assertThat(provider.calls()).isEqualTo(1);
        assertThat(vt.scheduler.failures()).isEmpty();
    }

    @Test
    @DisplayName("later calls fail with IllegalStateException naming the provider; close is idempotent")
    void laterCallsFail() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        TokenSource source = vt.source(provider).build();
        AccessToken t = vt.fetchNow(source);
        source.close();
        assertThatThrownBy(source::token).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'scripted'").hasMessageContaining("closed");
        assertThat(failureOf(source.tokenAsync())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatCode(() -> source.invalidate(t)).doesNotThrowAnyException();
        assertThatCode(source::close).doesNotThrowAnyException();
        assertThatCode(source::close).doesNotThrowAnyException();
        vt.scheduler.advance(Duration.ofHours(2));
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a waiter on a queued fetch fails at close, and the queued fetch makes no request")
    void queuedFetchDoesNotRunAfterClose() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        TokenSource source = vt.source(provider).build();
        CompletableFuture<AccessToken> waiting = source.tokenAsync(); // fetch queued, not run
        source.close();
        assertThat(failureOf(waiting)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        vt.scheduler.advance(Duration.ofMinutes(5));
        assertThat(provider.calls()).isZero();
    }

    @Test
    @DisplayName("close during a retry backoff: the retry makes no request")
    void retryAfterCloseMakesNoRequest() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseFail(ScriptedProvider::unavailable);
        TokenSource source = vt.source(provider).build();
        CompletableFuture<AccessToken> waiting = vt.ask(source); // first attempt fails, retry in 500 ms
        assertThat(provider.calls()).isEqualTo(1);
        assertThat(waiting).isNotDone();
        source.close();
        assertThat(failureOf(waiting)).isInstanceOf(IllegalStateException.class);
        vt.scheduler.advance(Duration.ofMinutes(10));
        assertThat(provider.calls()).isEqualTo(1);
        assertThat(vt.scheduler.pendingTasks()).isZero();
    }

    @Test
    @DisplayName("with the default executor, a thread blocked in token() is released by close")
    void blockedCallerReleasedWithOwnExecutor() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            CountDownLatch arrived = new CountDownLatch(1);
            LoopbackServer.Responder never = server.hanging();
            server.answer(exchange -> {
                arrived.countDown();
                never.respond(exchange);
            });
            TokenProvider provider = JsonTestProviderFactory.against(server, InstantSource.system());
            TokenSource source = TokenSource.builder(provider).build();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch finished = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                try {
                    source.token();
                } catch (Throwable e) {
                    outcome.set(e);
                } finally {
                    finished.countDown();
                }
            });
            caller.start();
            assertThat(arrived.await(20, TimeUnit.SECONDS)).as("the request reached the server").isTrue();
            assertThat(server.requestCount()).isEqualTo(1);
            source.close();
            assertThat(finished.await(20, TimeUnit.SECONDS)).as("the caller was released").isTrue();
            assertThat(outcome.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
