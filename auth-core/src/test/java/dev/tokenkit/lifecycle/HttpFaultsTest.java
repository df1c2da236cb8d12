package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testsupport.LoopbackServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's rows of the fault matrix, once for every provider: retry after 5xx, {@code Retry-After}
 * in seconds and as an HTTP-date, a {@code Retry-After} over the cap, and a rate-limit storm, each
 * through a {@link TokenSource} on virtual time over a real {@code JsonTokenProvider} and a real
 * HTTP server on loopback. (The provider contract checks that a provider maps these statuses to the
 * right exceptions; what happens next is the same for every provider, so it is tested here.)
 */
class HttpFaultsTest {
    private static final String TOKEN = "{\"access_token\":\"fault-matrix-token\",\"expires_in\":3600}";

    private final VirtualTime vt = new VirtualTime();
    private final LoopbackServer server = LoopbackServer.start();
    private final Recorder events = new Recorder(vt.clock);

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenSource source() {
        return vt.source(JsonTestProviderFactory.against(server, vt.clock)).listener(events).build();
    }

    /** Answers the first request with {@code first} and every later one with the token. */
    private void firstThenToken(LoopbackServer.Responder first) {
        LoopbackServer.Responder token = LoopbackServer.json(200, TOKEN);
        server.answer(exchange -> (server.requestCount() == 1 ? first : token).respond(exchange));
    }

    @ParameterizedTest(name = "HTTP {0}, then a token")
    @ValueSource(ints = {500, 502, 503, 504})
    @DisplayName("a 5xx answer is retried after the first backoff (500 ms), and the caller gets the token")
    void recoversAfterServerError(int status) {
        firstThenToken(LoopbackServer.json(status, "{\"message\":\"temporarily down\"}"));
        try (TokenSource source = source()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            assertThat(f).as("after the %d, before the backoff", status).isNotDone();
            vt.scheduler.advance(Duration.ofMillis(500));
            assertThat(f.join().value()).isEqualTo("fault-matrix-token");
        }
        assertThat(events.succeeded).singleElement().extracting(Recorder.Succeeded::attempts).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("429 with Retry-After: 7 (seconds): the retry waits exactly 7 s")
    void retryAfterSeconds() {
        assertRetryWaits("7", Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("429 with Retry-After as an HTTP-date 12 s ahead: the retry waits exactly 12 s")
    void retryAfterDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(vt.clock.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
        assertRetryWaits(date, Duration.ofSeconds(12));
    }

    private void assertRetryWaits(String header, Duration asked) {
        firstThenToken(LoopbackServer.json(429, "{\"message\":\"slow down\"}", "Retry-After", header));
        try (TokenSource source = source()) {
            CompletableFuture<AccessToken> f = vt.ask(source);
            vt.scheduler.advance(asked.minusMillis(1));
            assertThat(f).as("1 ms before the asked %s", asked).isNotDone();
            assertThat(server.requestCount()).isEqualTo(1);
            vt.scheduler.advance(Duration.ofMillis(1));
            assertThat(f.join().value()).isEqualTo("fault-matrix-token");
        }
        assertThat(events.retries).singleElement().extracting(Recorder.Retry::delay).isEqualTo(asked);
        assertThat(events.succeeded).singleElement().extracting(Recorder.Succeeded::attempts).isEqualTo(2);
    }

    @Test
    @DisplayName("429 with Retry-After: 90, over maxRetryAfter (30 s): no wait inside the fetch, a 90 s cool-down without requests")
    void retryAfterOverCap() {
        server.answer(429, "{}", "Retry-After", "90");
        try (TokenSource source = source()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(RateLimitedException.class);
            assertThat(events.retries).as("retries inside the fetch").isEmpty();
            assertThat(events.failed).singleElement().extracting(Recorder.Failed::nextAttemptIn)
                    .isEqualTo(Duration.ofSeconds(90));
            vt.scheduler.advance(Duration.ofSeconds(89));
            assertThat(failureOf(vt.ask(source))).as("a caller during the cool-down").isInstanceOf(RateLimitedException.class);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a 429 storm: every answer 429, a caller every second for 10 virtual minutes, at most 48 requests")
    void rateLimitStorm() {
        server.answer(429, "{}", "Retry-After", "1");
        List<CompletableFuture<AccessToken>> callers = new ArrayList<>();
        try (TokenSource source = source()) {
            for (int second = 0; second < 600; second++) {
                callers.add(vt.ask(source));
                vt.scheduler.advance(Duration.ofSeconds(1));
            }
            vt.scheduler.advance(Duration.ofMinutes(1)); // let the last fetch finish its retries
        }
        assertThat(callers).allSatisfy(c -> assertThat(failureOf(c)).isInstanceOf(RateLimitedException.class));
        // the bound of StaleOnErrorTest.downProviderNotHammered: 12 fetches of at most 4 requests; with the
        // jitter pinned, 11 fetches of 4 requests (the 1 s Retry-After is the backoff's 500 ms, 1 s, 2 s at most)
        assertThat(server.requestCount()).isLessThanOrEqualTo(48).isEqualTo(44);
    }
}
