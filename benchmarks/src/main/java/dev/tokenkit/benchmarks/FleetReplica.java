package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.store.redis.RedisTokenStore;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One replica of {@link FleetBench}, in a JVM of its own: a {@code symbl} source against the
 * parent's fake token server, sharing its token through Redis (or not, for the baseline), and one
 * caller thread that calls {@code token()} about once a millisecond. After its first token and a
 * 2 s warm-up it prints {@code READY} and waits for {@code GO <end epoch ms>} on its standard input,
 * so that every replica measures the same window; then it calls until the end time. Prints one {@code RESULT} line: calls, failed
 * calls, the distinct tokens its callers got (its token lifetimes), store failures, the latency of
 * {@code token()} (max, p99.9, calls of 1 ms or more), and the same timing around a constant
 * supplier in the same loop (machine noise: preemption, safepoints).
 *
 * <p>Arguments: the Redis URI or {@code none}, the token server's base URL.
 */
public final class FleetReplica {
    /**
     * 3 s tokens refresh at about 50–57 % of their life: the floor is lowered to 100 ms, and the
     * refresh window (from the refresh point to the effective expiry) is 1 s, more than a store
     * call that times out (500 ms) plus a request, so that a Redis fault during a refresh does not
     * make callers wait. (The default window, 5 s, is at most half the usable life.)
     */
    static final ExpiryPolicy POLICY = ExpiryPolicy.builder().minRefreshInterval(Duration.ofMillis(100))
            .minRefreshWindow(Duration.ofSeconds(1)).build();
    /** Held so that its level stays set (JUL keeps loggers weakly). */
    private static final Logger SOURCE_LOG = Logger.getLogger("dev.tokenkit");
    private static final long WARM_UP_MS = 2_000;

    private FleetReplica() {
    }

    /**
     * Runs the replica.
     *
     * @param args Redis URI or none, base URL
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        SOURCE_LOG.setLevel(Level.SEVERE); // store failures are expected in the outage run; they are counted
        RedisTokenStore store = args[0].equals("none") ? null : RedisTokenStore.create(URI.create(args[0]));
        ProviderConfig config = ProviderConfig.builder().put("app-id", "fleet-bench").putSecret("app-secret", "bench-secret")
                .put("base-url", args[1]).build();
        Failures failures = new Failures();
        TokenSource.Builder b = TokenProviders.load().sourceBuilder("symbl", config).expiry(POLICY).listener(failures);
        if (store != null) {
            b.store(store);
        }
        LatencyHistogram latency = new LatencyHistogram();
        LatencyHistogram noise = new LatencyHistogram();
        Set<String> tokens = new HashSet<>();
        long calls = 0;
        long failed = 0;
        try (TokenSource source = b.build()) {
            // the cold fetch (or adoption) and a JIT warm-up come before the measured run
            AccessToken constant = source.token();
            java.util.function.Supplier<AccessToken> control = () -> constant;
            long warmUntil = System.currentTimeMillis() + WARM_UP_MS;
            while (System.currentTimeMillis() < warmUntil) {
                source.token();
                control.get();
                Thread.sleep(1);
            }
            // every replica starts measuring when the parent says so, once all are warm
            System.out.println("READY");
            System.out.flush();
            String go = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (go == null || !go.startsWith("GO ")) {
                throw new IllegalStateException("expected GO <end epoch ms> on stdin, got " + go);
            }
            long endAt = Long.parseLong(go.substring(3).trim());
            while (System.currentTimeMillis() < endAt) {
                long t0 = System.nanoTime();
                try {
                    AccessToken t = source.token();
                    latency.record(System.nanoTime() - t0);
                    tokens.add(t.value());
                } catch (RuntimeException e) {
                    latency.record(System.nanoTime() - t0);
                    failed++;
                }
                // the same timing around a constant, no tokenkit: what the machine does to a short call
                long c0 = System.nanoTime();
                control.get();
                noise.record(System.nanoTime() - c0);
                calls++;
                Thread.sleep(1); // an application calling its API about a thousand times a second
            }
        } finally {
            if (store != null) {
                store.close();
            }
        }
        System.out.printf(Locale.ROOT, "RESULT calls=%d failed=%d lifetimes=%d storeFailures=%d refreshFailures=%d"
                        + " maxNs=%d p999Ns=%d atLeast1ms=%d noiseMaxNs=%d noiseAtLeast1ms=%d%n", calls, failed,
                tokens.size(), failures.store.get(), failures.refresh.get(), latency.max(), latency.quantile(0.999),
                latency.countAtLeast(1_000_000), noise.max(), noise.countAtLeast(1_000_000));
    }

    /** Counts the failures the source reports: of the store, and of whole fetches. */
    private static final class Failures implements TokenSourceListener {
        final AtomicInteger store = new AtomicInteger();
        final AtomicInteger refresh = new AtomicInteger();

        @Override
        public void storeFailed(String providerId, Throwable error) {
            store.incrementAndGet();
        }

        @Override
        public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
            refresh.incrementAndGet();
        }
    }
}
