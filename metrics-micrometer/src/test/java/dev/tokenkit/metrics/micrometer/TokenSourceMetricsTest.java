package dev.tokenkit.metrics.micrometer;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.emulators.FakeResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The meters through a real source: a {@link TestTokenEndpoint} over HTTP on loopback, on virtual
 * time with no jitter (refresh at exactly 80 % of the hour, backoffs 0.5, 1 and 2 s).
 */
@Timeout(60)
class TokenSourceMetricsTest {
    private final ManualClock clock = ManualClock.create();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final TestTokenEndpoint endpoint = TestTokenEndpoint.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TokenSourceMetrics metrics = new TokenSourceMetrics("billing-api", clock);
    private TokenSource source = build(metrics, null);

    private TokenSource build(TokenSourceMetrics m, TokenStore store) {
        TokenSource.Builder b = endpoint.sourceBuilder(clock).scheduler(scheduler).fetchExecutor(scheduler).listener(m)
                .expiry(ExpiryPolicy.builder().jitter(0).build())
                .retry(RetryPolicy.builder().jitter(0).build());
        if (store != null) {
            b.store(store).key(TokenKey.of(TestTokenEndpoint.PROVIDER_ID, "metrics", Secret.of("")));
        }
        m.bindTo(registry);
        return b.build();
    }

    @AfterEach
    void stop() {
        source.close();
        endpoint.close();
    }

    private AccessToken fetch() {
        CompletableFuture<AccessToken> f = source.tokenAsync();
        scheduler.runDueTasks();
        return f.join();
    }

    private long refreshes(String reason, String outcome, String error) {
        Timer t = registry.find(TokenSourceMetrics.REFRESH).tags("reason", reason, "outcome", outcome, "error", error).timer();
        return t == null ? 0 : t.count();
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double remainingSeconds() {
        return registry.get(TokenSourceMetrics.REMAINING).timeGauge().value(TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a real refresh, a failed one while the stale token is served, and the retry that heals it")
    void refreshFailureStale() {
        fetch();
        assertThat(refreshes("no_token", "success", "none")).isEqualTo(1);
        assertThat(remainingSeconds()).isEqualTo(3600);

        // the last 503 asks for 2 s: the cool-down honours it, above its own jittered 1.5 to 2 s
        endpoint.server().enqueue(FakeResponse.status(503), FakeResponse.status(503), FakeResponse.status(503),
                FakeResponse.status(503).header("Retry-After", "2"));
        scheduler.advance(Duration.ofMinutes(48)); // the refresh point: first request fails
        scheduler.advance(Duration.ofSeconds(4));  // the three retries fail: the fetch fails, stale
        assertThat(refreshes("refresh_ahead", "failure", "ProviderUnavailableException")).isEqualTo(1);
        assertThat(count(TokenSourceMetrics.RETRIES)).isEqualTo(3);
        assertThat(registry.get(TokenSourceMetrics.RETRIES).tag("error", "ProviderUnavailableException").counter().count())
                .isEqualTo(3);
        assertThat(count(TokenSourceMetrics.STALE)).isEqualTo(1);
        assertThat(remainingSeconds()).as("the stale token's remaining life").isEqualTo(12 * 60 - 4);
        Timer failed = registry.get(TokenSourceMetrics.REFRESH).tag("outcome", "failure").timer();
        assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).as("virtual duration: 0.5 + 1 + 2 s of backoff").isEqualTo(3500);

        scheduler.advance(Duration.ofSeconds(2)); // the stale retry (2 s after the failure) succeeds
        assertThat(refreshes("retry_after_failure", "success", "none")).isEqualTo(1);
        assertThat(remainingSeconds()).isCloseTo(3600 - 0.5, within(0.01));
        assertThat(count(TokenSourceMetrics.STALE)).isEqualTo(1);
        assertThat(endpoint.requestCount()).isEqualTo(6);
    }

    @Test
    @DisplayName("an invalidation is counted, and the gauge is NaN until the new token")
    void invalidation() {
        AccessToken first = fetch();
        source.invalidate(first);
        assertThat(count(TokenSourceMetrics.INVALIDATIONS)).isEqualTo(1);
        assertThat(remainingSeconds()).isNaN();
        scheduler.runDueTasks();
        assertThat(refreshes("invalidated", "success", "none")).isEqualTo(1);
        assertThat(remainingSeconds()).isEqualTo(3600);
        source.invalidate(first); // an older token: nothing happens, nothing is counted
        assertThat(count(TokenSourceMetrics.INVALIDATIONS)).isEqualTo(1);
    }

    @Test
    @DisplayName("the gauge is registered once per registry, however often the token is invalidated and replaced")
    void gaugeRegisteredOnce() {
        AtomicInteger gaugeRegistrations = new AtomicInteger();
        SimpleMeterRegistry counting = new SimpleMeterRegistry();
        counting.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) { // called on every registration, also of a meter already there
                if (id.getName().equals(TokenSourceMetrics.REMAINING)) {
                    gaugeRegistrations.incrementAndGet();
                }
                return id;
            }
        });
        metrics.bindTo(counting);
        metrics.bindTo(counting); // bound twice: still one gauge, and every event counted once
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger micrometer = Logger.getLogger(MeterRegistry.class.getName()); // Micrometer logs via JUL without SLF4J
        Level level = micrometer.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("already registered")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        micrometer.setLevel(Level.ALL); // after the first warning Micrometer logs the same at debug level
        micrometer.addHandler(capture);
        try {
            for (int i = 0; i < 5; i++) {
                source.invalidate(fetch());
                scheduler.runDueTasks();
            }
        } finally {
            micrometer.removeHandler(capture);
            micrometer.setLevel(level);
        }
        assertThat(count(TokenSourceMetrics.INVALIDATIONS)).isEqualTo(5);
        assertThat(gaugeRegistrations).as("registrations of the gauge").hasValue(1);
        assertThat(warnings).as("Micrometer's double-registration warnings").isEmpty();
        assertThat(counting.find(TokenSourceMetrics.REMAINING).timeGauges()).hasSize(1);
        assertThat(counting.get(TokenSourceMetrics.INVALIDATIONS).counter().count()).isEqualTo(5);
        assertThat(registry.find(TokenSourceMetrics.REMAINING).timeGauges()).hasSize(1);
        assertThat(remainingSeconds()).isEqualTo(3600);
    }

    @Test
    @DisplayName("a failure with no token to serve: the timer's failure with its error, no stale count, no gauge")
    void failureWithoutToken() {
        endpoint.server().enqueue(FakeResponse.status(401));
        CompletableFuture<AccessToken> f = source.tokenAsync();
        scheduler.runDueTasks();
        assertThat(f).isCompletedExceptionally();
        assertThat(refreshes("no_token", "failure", "InvalidCredentialsException")).isEqualTo(1);
        assertThat(count(TokenSourceMetrics.STALE)).isZero();
        assertThat(count(TokenSourceMetrics.RETRIES)).as("a 401 is not retried").isZero();
        assertThat(registry.find(TokenSourceMetrics.REMAINING).timeGauge()).isNull();
    }

    @Test
    @DisplayName("a token the endpoint re-issues after its invalidation counts as a stale serve, and the gauge shows it again")
    void reissued() {
        AccessToken first = fetch();
        endpoint.reissueLastToken(true);
        source.invalidate(first);
        scheduler.runDueTasks();
        assertThat(refreshes("invalidated", "failure", "TokenReissuedException")).isEqualTo(1);
        assertThat(count(TokenSourceMetrics.STALE)).isEqualTo(1);
        assertThat(remainingSeconds()).isEqualTo(3600);
    }

    @Test
    @DisplayName("store failures are counted by error, and callers are not affected")
    void storeFailures() {
        source.close();
        TokenSourceMetrics m = new TokenSourceMetrics("stored", clock);
        source = build(m, new TokenStore() {
            @Override
            public Optional<AccessToken> read(TokenKey key) {
                throw new IllegalStateException("store down");
            }

            @Override
            public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                throw new IllegalStateException("store down");
            }

            @Override
            public boolean invalidate(TokenKey key, AccessToken token) {
                throw new IllegalStateException("store down");
            }

            @Override
            public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
                throw new IllegalStateException("store down");
            }
        });
        fetch();
        assertThat(registry.get(TokenSourceMetrics.STORE_FAILURES).tags("source", "stored", "error", "IllegalStateException")
                .counter().count()).isPositive();
        assertThat(refreshes("no_token", "success", "none")).isEqualTo(1);
    }

    @Test
    @DisplayName("a fetch reported stuck and its late return are counted apart (the engine's events, StuckFetchTest)")
    void stuckFetches() {
        fetch();
        metrics.fetchStuck(TestTokenEndpoint.PROVIDER_ID, "tokenkit-fetch-3");
        metrics.fetchStuck(TestTokenEndpoint.PROVIDER_ID, "tokenkit-fetch-4");
        metrics.stuckFetchReturned(TestTokenEndpoint.PROVIDER_ID, "tokenkit-fetch-3");
        assertThat(registry.get(TokenSourceMetrics.STUCK).tags("source", "billing-api", "state", "stuck")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get(TokenSourceMetrics.STUCK).tags("source", "billing-api", "state", "returned")
                .counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("every meter carries source and provider; the source tag defaults to the provider id")
    void tags() {
        fetch();
        source.invalidate(source.token());
        scheduler.runDueTasks();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTag("source")).as("%s", meter.getId()).isEqualTo("billing-api");
            assertThat(meter.getId().getTag("provider")).as("%s", meter.getId()).isEqualTo(TestTokenEndpoint.PROVIDER_ID);
        }
        TimeGauge gauge = registry.get(TokenSourceMetrics.REMAINING).timeGauge();
        assertThat(gauge.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(new TokenSourceMetrics()).hasToString("TokenSourceMetrics[null]");

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        TokenSourceMetrics byProvider = new TokenSourceMetrics();
        byProvider.refreshSucceeded(new dev.tokenkit.TokenSourceListener.Fetch("symbl",
                dev.tokenkit.TokenSourceListener.Reason.NO_TOKEN, 1, Duration.ofMillis(5)), source.token());
        byProvider.bindTo(other);
        assertThat(other.get(TokenSourceMetrics.REMAINING).timeGauge().getId().getTag("source")).isEqualTo("symbl");
    }

    @Test
    @DisplayName("a registry bound after the first token gets the gauge at once, and later events reach both")
    void secondRegistry() {
        fetch();
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        metrics.bindTo(late);
        assertThat(late.get(TokenSourceMetrics.REMAINING).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(3600);
        source.invalidate(source.token());
        assertThat(late.get(TokenSourceMetrics.INVALIDATIONS).counter().count()).isEqualTo(1);
        assertThat(registry.get(TokenSourceMetrics.INVALIDATIONS).counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("token() on a cached token records nothing: the meters follow fetches, not calls")
    void hotPathRecordsNothing() {
        fetch();
        for (int i = 0; i < 1_000; i++) {
            source.token();
        }
        assertThat(registry.get(TokenSourceMetrics.REFRESH).timer().count()).isEqualTo(1);
        assertThat(registry.getMeters()).hasSize(2);
    }
}
