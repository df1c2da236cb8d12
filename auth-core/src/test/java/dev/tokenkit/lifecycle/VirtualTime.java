package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.Policies;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A manual clock and scheduler, and token sources on them with deterministic jitter.
 * Public because {@code dev.tokenkit.RetryPolicyTest} uses it too.
 */
public final class VirtualTime {
    public final ManualClock clock = ManualClock.create();
    public final ManualScheduler scheduler = new ManualScheduler(clock);

    /** The default expiry policy with the jitter pinned to its middle (refresh at exactly 80 %). */
    public static ExpiryPolicy expiry() {
        return Policies.expiry(() -> 0.5).build();
    }

    /** The default retry policy with the jitter pinned: backoffs exactly 500 ms, 1 s, 2 s; cool-downs × 0.875. */
    public static RetryPolicy retry() {
        return Policies.retry(() -> 0.5).build();
    }

    /** A source on this clock and scheduler with the default policies, jitter pinned. */
    public TokenSource.Builder source(TokenProvider provider) {
        return TokenSource.builder(provider).clock(clock).scheduler(scheduler).fetchExecutor(scheduler).expiry(expiry()).retry(retry());
    }

    /** Asks for a token asynchronously and runs what is due now (the fetch, if one starts). */
    public CompletableFuture<AccessToken> ask(TokenSource source) {
        CompletableFuture<AccessToken> f = source.tokenAsync();
        scheduler.runDueTasks();
        return f;
    }

    /** Asks for a token and requires it to be there after the due tasks ran. */
    public AccessToken fetchNow(TokenSource source) {
        CompletableFuture<AccessToken> f = ask(source);
        assertThat(f).as("token future after running due tasks").isDone();
        return f.join();
    }

    /** The cause of a future's failure. */
    public static Throwable failureOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }
}
