package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cached hot path: one call that returns a valid cached token, for tokenkit and for the
 * baselines, all holding a token that lives 24 hours (so none of them refreshes during the run).
 *
 * <ul>
 *   <li>{@link #floor()}: the least any correct cache can do, a volatile read and a clock read
 *       compared against the expiry; every ratio is taken against it;</li>
 *   <li>{@link #synchronizedCache()}: the same check under a lock;</li>
 *   <li>{@link #tokenkit()}: {@link TokenSource#token()} of a primed source;</li>
 *   <li>{@link #googleGetRequestMetadata()} and {@link #googleGetAccessToken()}:
 *       google-auth-library-java's {@code OAuth2Credentials} with a pre-set token;</li>
 *   <li>{@link #awsCachedSupplier()}: AWS SDK v2's {@code CachedSupplier};</li>
 *   <li>{@link #coarseClockSketch(CoarseClock)}: what a hot path without a clock read would cost
 *       (a sketch, not a correct cache).</li>
 * </ul>
 * Run with {@code -t 1} and {@code -t 2} (benchmarks/run.sh does both). All state is shared by
 * the threads ({@link Scope#Benchmark}), as one token source is shared by an application.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBench {
    static final String VALUE = "hot-path-token-value";
    static final Duration LIFETIME = Duration.ofHours(24);

    private TokenSource tokenkit;
    private volatile FloorEntry floor;
    private SynchronizedCache synchronizedCache;
    private com.google.auth.oauth2.OAuth2Credentials google;
    private CachedSupplier<AccessToken> aws;

    /** Creates the benchmark state (JMH calls it). */
    public HotPathBench() {
    }

    /** Builds every cache over the same long-lived token and primes tokenkit's source. */
    @Setup
    public void setUp() {
        TokenProvider provider = new FixedLifetimeProvider(VALUE, LIFETIME);
        tokenkit = TokenSource.builder(provider).build();
        tokenkit.token(); // prime: the single fetch happens here, not in the measurement

        AccessToken token = provider.fetch();
        long expiresAt = token.expiresAt().orElseThrow().toEpochMilli();
        floor = new FloorEntry(token, expiresAt);
        synchronizedCache = new SynchronizedCache(token, expiresAt);

        google = com.google.auth.oauth2.OAuth2Credentials.create(
                new com.google.auth.oauth2.AccessToken(VALUE, new Date(expiresAt)));

        Instant expiry = Instant.ofEpochMilli(expiresAt);
        aws = CachedSupplier.builder(() -> RefreshResult.builder(token)
                        .staleTime(expiry.minus(Duration.ofMinutes(1)))
                        .prefetchTime(expiry.minus(Duration.ofMinutes(5)))
                        .build())
                .build();
        aws.get(); // prime
    }

    /** Closes what holds threads or executors. */
    @TearDown
    public void tearDown() {
        tokenkit.close();
        aws.close();
    }

    /**
     * The floor: a volatile read of the cached entry and a clock read compared against its
     * expiry.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken floor() {
        FloorEntry e = floor;
        if (System.currentTimeMillis() < e.expiresAt) {
            return e.token;
        }
        throw new IllegalStateException("expired");
    }

    /**
     * The same check under a lock.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken synchronizedCache() {
        return synchronizedCache.get();
    }

    /**
     * tokenkit: {@link TokenSource#token()} on a fresh cached token.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken tokenkit() {
        return tokenkit.token();
    }

    /**
     * google-auth: {@code getRequestMetadata()}, the call an HTTP/gRPC transport makes per
     * request (checks the cache state, returns the prebuilt header map).
     *
     * @return the header map
     * @throws IOException never, with a pre-set token
     */
    @Benchmark
    public Map<String, List<String>> googleGetRequestMetadata() throws IOException {
        return google.getRequestMetadata();
    }

    /**
     * google-auth: {@code getRequestMetadata(URI)}, as transports call it.
     *
     * @return the header map
     * @throws IOException never, with a pre-set token
     */
    @Benchmark
    public Map<String, List<String>> googleGetRequestMetadataUri() throws IOException {
        return google.getRequestMetadata(URI_FOR_GOOGLE);
    }

    /**
     * google-auth: {@code getAccessToken()}, which returns the cached token without looking at
     * its expiry (so it is not a like-for-like cache check; listed for completeness).
     *
     * @return the token
     */
    @Benchmark
    public com.google.auth.oauth2.AccessToken googleGetAccessToken() {
        return google.getAccessToken();
    }

    /**
     * AWS SDK v2: {@code CachedSupplier.get()} with stale and prefetch times far ahead.
     *
     * @return the token
     */
    @Benchmark
    public AccessToken awsCachedSupplier() {
        return aws.get();
    }

    /**
     * The clock read alone, {@code System.currentTimeMillis()}: what the floor (and every
     * correct cache that checks expiry per call) pays for knowing the time.
     *
     * @return the time
     */
    @Benchmark
    public long clockCurrentTimeMillis() {
        return System.currentTimeMillis();
    }

    /**
     * The monotonic clock alone, {@code System.nanoTime()}, for comparison.
     *
     * @return the time
     */
    @Benchmark
    public long clockNanoTime() {
        return System.nanoTime();
    }

    /**
     * A sketch, not a correct cache: the floor with the clock read replaced by a volatile read of a
     * time that a daemon thread refreshes every millisecond (a "coarse clock"). It shows what a
     * hot path without a clock read would cost; it is only as right as the ticker thread is
     * punctual, which is why tokenkit does not do this (see docs/performance.md).
     *
     * @param clock the ticking time
     * @return the token
     */
    @Benchmark
    public AccessToken coarseClockSketch(CoarseClock clock) {
        FloorEntry e = floor;
        if (clock.now < e.expiresAt - CoarseClock.MARGIN_MS) {
            return e.token;
        }
        throw new IllegalStateException("expired");
    }

    /** Current time in epoch ms, refreshed every millisecond by a daemon thread. */
    @State(Scope.Benchmark)
    public static class CoarseClock {
        static final long MARGIN_MS = 2;
        volatile long now = System.currentTimeMillis();
        private volatile boolean running = true;
        private Thread ticker;

        /** Creates the state (JMH calls it). */
        public CoarseClock() {
        }

        /** Starts the ticker. */
        @Setup
        public void start() {
            ticker = new Thread(() -> {
                while (running) {
                    now = System.currentTimeMillis();
                    LockSupport.parkNanos(1_000_000);
                }
            }, "coarse-clock");
            ticker.setDaemon(true);
            ticker.start();
        }

        /**
         * Stops the ticker.
         *
         * @throws InterruptedException if interrupted while joining it
         */
        @TearDown
        public void stop() throws InterruptedException {
            running = false;
            ticker.join();
        }
    }

    private static final URI URI_FOR_GOOGLE = URI.create("https://example.invalid/v1/resource");

    /** An immutable cache entry published through one volatile field. */
    static final class FloorEntry {
        final AccessToken token;
        final long expiresAt;

        FloorEntry(AccessToken token, long expiresAt) {
            this.token = token;
            this.expiresAt = expiresAt;
        }
    }

    /** A cache that checks expiry under a lock. */
    static final class SynchronizedCache {
        private final AccessToken token;
        private final long expiresAt;

        SynchronizedCache(AccessToken token, long expiresAt) {
            this.token = token;
            this.expiresAt = expiresAt;
        }

        synchronized AccessToken get() {
            if (System.currentTimeMillis() < expiresAt) {
                return token;
            }
            throw new IllegalStateException("expired");
        }
    }
}
