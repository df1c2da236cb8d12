package dev.tokenkit;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.lifecycle.Recorder;
import dev.tokenkit.lifecycle.ScriptedProvider;
import dev.tokenkit.lifecycle.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 6: retry only what is retryable, with backoff, Retry-After honoured and capped, bounded. */
class RetryPolicyTest {

    private final VirtualTime vt = new VirtualTime();

    private static RateLimitedException rateLimited(Duration retryAfter) {
        return new RateLimitedException(ScriptedProvider.ID, retryAfter, "rate limited (HTTP 429)");
    }

    @Test
    @DisplayName("Retry-After within maxRetryAfter is honoured: the retry waits exactly that long")
    void retryAfterHonoured() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenFail(() -> rateLimited(Duration.ofSeconds(7)))
                .otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        Instant t0 = vt.clock.instant();
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(f).isNotDone();
            vt.scheduler.advance(Duration.ofSeconds(7).minusMillis(1));
            assertThat(f).isNotDone();
            vt.scheduler.advance(Duration.ofMillis(1));
            assertThat(f.join().value()).isEqualTo("token-2");
            assertThat(provider.callTimes()).containsExactly(t0, t0.plusSeconds(7));
            assertThat(events.retries).singleElement().extracting(Recorder.Retry::delay).isEqualTo(Duration.ofSeconds(7));
            assertThat(events.succeeded).singleElement().extracting(Recorder.Succeeded::attempts).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Retry-After beyond maxRetryAfter ends the fetch at once, and the cool-down honours it")
    void retryAfterTooLongGivesUpAndCoolsDown() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .thenFail(() -> rateLimited(Duration.ofSeconds(90)))
                .otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(failureOf(f)).isInstanceOf(RateLimitedException.class);
            assertThat(provider.calls()).isEqualTo(1);
            assertThat(events.retries).isEmpty();
            assertThat(events.failed).singleElement().extracting(Recorder.Failed::nextAttemptIn)
                    .isEqualTo(Duration.ofSeconds(90));
            // during the 90 s, callers get the error at once, with no request
            vt.scheduler.advance(Duration.ofSeconds(90).minusMillis(1));
            assertThat(failureOf(vt.ask(source))).isInstanceOf(RateLimitedException.class);
            assertThat(provider.calls()).isEqualTo(1);
            vt.scheduler.advance(Duration.ofMillis(1));
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
    }

    @Test
    @DisplayName("the cool-down honours Retry-After only up to maxCooldown")
    void cooldownCapsRetryAfter() {
        RetryPolicy p = VirtualTime.retry();
        assertThat(p.cooldown(1, Optional.of(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.cooldown(1, Optional.of(Duration.ofHours(5)))).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.cooldown(1, Optional.empty())).isEqualTo(Duration.ofMillis(1750));
        assertThat(p.cooldown(8, Optional.empty())).isEqualTo(Duration.ofMillis(105_000));
        assertThat(p.cooldown(1_000, Optional.empty())).isEqualTo(Duration.ofMillis(105_000));
    }

    @Test
    @DisplayName("attempts are bounded: 4 requests per fetch by default, and the error says so")
    void boundedAttempts() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseFail(ScriptedProvider::unavailable);
        try (TokenSource source = vt.source(provider).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            vt.scheduler.advance(Duration.ofSeconds(30));
            TokenException e = (TokenException) failureOf(f);
            assertThat(e).isInstanceOf(ProviderUnavailableException.class);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(provider.calls()).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("the retry time budget bounds a fetch: no retry whose wait would end after maxTotalTime")
    void boundedTotalTime() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseFail(ScriptedProvider::unavailable);
        RetryPolicy policy = RetryPolicy.builder().random(() -> 0.5).maxAttempts(10)
                .backoff(Duration.ofSeconds(20), 2, Duration.ofMinutes(5)).maxTotalTime(Duration.ofSeconds(30)).build();
        try (TokenSource source = vt.source(provider).retry(policy).build()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            vt.scheduler.advance(Duration.ofMinutes(5));
            assertThat(((TokenException) failureOf(f)).attempts()).isEqualTo(2); // waits 20 s; 20 + 40 > 30
            assertThat(provider.calls()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("errors that are not retryable are not retried")
    void notRetryable() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .otherwiseFail(() -> new InvalidCredentialsException(ScriptedProvider.ID, 401, "invalid credentials"));
        try (TokenSource source = vt.source(provider).build()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(InvalidCredentialsException.class);
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("RetryPolicy.none() makes one request per fetch; the cool-down still applies")
    void none() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseFail(ScriptedProvider::unavailable);
        try (TokenSource source = vt.source(provider).retry(RetryPolicy.none()).build()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(ProviderUnavailableException.class);
            assertThat(provider.calls()).isEqualTo(1);
            assertThat(failureOf(vt.ask(source))).isInstanceOf(ProviderUnavailableException.class);
            assertThat(provider.calls()).isEqualTo(1);
            vt.scheduler.advance(Duration.ofSeconds(3));
            assertThat(failureOf(vt.ask(source))).isInstanceOf(ProviderUnavailableException.class);
            assertThat(provider.calls()).isEqualTo(2);
        }
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    @DisplayName("no resilience4j type appears in a public or protected signature of the API or SPI")
    void resilience4jStaysInside() {
        for (Class<?> type : java.util.List.of(RetryPolicy.class, RetryPolicy.Builder.class, TokenSource.class,
                TokenSource.Builder.class, ExpiryPolicy.class, TokenSourceListener.class, TokenException.class,
                dev.tokenkit.spi.TokenStore.class)) {
            for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                if (java.lang.reflect.Modifier.isPublic(m.getModifiers())
                        || java.lang.reflect.Modifier.isProtected(m.getModifiers())) {
                    assertThat(m.toGenericString()).as("%s", m).doesNotContain("resilience4j");
                }
            }
        }
    }
}
