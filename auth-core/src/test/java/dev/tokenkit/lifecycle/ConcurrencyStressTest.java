package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.Policies;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many threads over many virtual refresh cycles against a provider that fails at random.
 *
 * <p>Worker threads call {@code tokenAsync()} (and now and then {@code invalidate}) and also run
 * the {@link ManualScheduler}'s due tasks, so fetches and retries run on several threads at once;
 * between rounds a driver moves the {@link ManualClock} by a random step. Invariants checked on
 * every call: the token handed out is before its effective expiry by the clock at the time of
 * the call, errors are only the provider's typed errors, at most one request is in flight, and
 * the request count obeys the bounds of {@code docs/lifecycle.md} (at most {@code maxAttempts}
 * requests per fetch; after a failed fetch, no new fetch before the announced next attempt).
 * The random source is seeded; the seed is printed and is in every failure message
 * ({@code -Dtokenkit.stress.seed=N} replays the same faults and steps).
 */
class ConcurrencyStressTest {
    private static final int WORKERS = 4;
    private static final int ROUNDS = 20_000;
    private static final int CALLS_PER_ROUND = 3;
    private static final int MAX_ATTEMPTS = 4;

    @Test
    @DisplayName("4 threads, 20,000 rounds (about a virtual day, hundreds of refresh cycles), random faults: never an expired token, one request in flight, bounded requests")
    void stress() throws Exception {
        long seed = Long.getLong("tokenkit.stress.seed", System.nanoTime());
        String seedNote = "seed " + seed + " (replay with -Dtokenkit.stress.seed=" + seed + ")";
        Random random = new Random(seed);
        ManualClock clock = ManualClock.create();
        ManualScheduler scheduler = new ManualScheduler(clock);
        FaultyProvider provider = new FaultyProvider(clock, new Random(random.nextLong()));
        Random policyRandom = new Random(random.nextLong());
        Events events = new Events(clock);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong handed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

        TokenSource source = TokenSource.builder(provider).clock(clock).scheduler(scheduler).fetchExecutor(scheduler)
                .expiry(Policies.expiry(policyRandom::nextDouble).build())
                .retry(Policies.retry(policyRandom::nextDouble).maxAttempts(MAX_ATTEMPTS).build())
                .listener(events)
                .build();
        CyclicBarrier barrier = new CyclicBarrier(WORKERS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        Instant start = clock.instant();
        long realStart = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random mine = new Random(random.nextLong());
                workers.add(pool.submit(() -> {
                    AccessToken last = null;
                    for (int round = 0; round < ROUNDS; round++) {
                        barrier.await(30, TimeUnit.SECONDS);
                        for (int c = 0; c < CALLS_PER_ROUND; c++) {
                            calls.incrementAndGet();
                            if (last != null && mine.nextInt(3_000) == 0) {
                                source.invalidate(last);
                            }
                            CompletableFuture<AccessToken> f = source.tokenAsync();
                            f.whenComplete((t, e) -> {
                                // runs now for a cached token, or on the thread that completes the fetch;
                                // either way the clock does not move during a round
                                if (e == null) {
                                    handed.incrementAndGet();
                                    checkValid(t, clock.instant(), violations);
                                } else if (!closing.get()) { // close() fails the last waiters: not a fault
                                    failed.incrementAndGet();
                                    checkTyped(e, violations);
                                }
                            });
                            if (f.isDone() && !f.isCompletedExceptionally()) {
                                last = f.join();
                            }
                            scheduler.runDueTasks();
                        }
                        barrier.await(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (int round = 0; round < ROUNDS; round++) {
                barrier.await(30, TimeUnit.SECONDS);
                barrier.await(30, TimeUnit.SECONDS);
                clock.advance(Duration.ofMillis(1 + random.nextInt(random.nextInt(10) == 0 ? 30_000 : 4_000)));
            }
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            closing.set(true);
            pool.shutdownNow();
            source.close();
        }
        Duration virtual = Duration.between(start, clock.instant());
        long realMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - realStart);
        int fetches = events.started.get();
        System.out.printf("concurrency-stress | %s | %d threads | %d rounds | %s virtual | %d calls | %d tokens handed"
                        + " | %d errors | %d fetches (%d refreshes ahead) | %d requests | max in flight %d | %d violations | %d ms%n",
                seedNote, WORKERS, ROUNDS, virtual, calls.get(), handed.get(), failed.get(), fetches,
                events.refreshesAhead.get(), provider.requests.get(), provider.maxInFlight.get(), violations.size(), realMs);

        assertThat(violations).as("invariant violations, %s", seedNote).isEmpty();
        assertThat(scheduler.failures()).as("tasks that failed on the scheduler, %s", seedNote).isEmpty();
        assertThat(provider.maxInFlight.get()).as("requests in flight at once, %s", seedNote).isEqualTo(1);
        assertThat(events.violations).as("request-bound violations, %s", seedNote).isEmpty();
        assertThat(provider.requests.get()).as("requests ≤ %d per fetch × %d fetches, %s", MAX_ATTEMPTS, fetches, seedNote)
                .isLessThanOrEqualTo(MAX_ATTEMPTS * fetches);
        assertThat(events.refreshesAhead.get()).as("refresh cycles exercised, %s", seedNote).isGreaterThan(100);
        assertThat(failed.get()).as("errors seen by callers (the faults reached them), %s", seedNote).isPositive();
        assertThat(handed.get()).as("tokens handed out, %s", seedNote).isGreaterThan(calls.get() / 2);
    }

    /** Effective expiry = expiry − min(30 s, 10 % of the lifetime): the default ExpiryPolicy's skew. */
    private static void checkValid(AccessToken t, Instant now, ConcurrentLinkedQueue<String> violations) {
        if (t.expiresAt().isEmpty()) {
            violations.add("a token without expiry was handed out: " + t);
            return;
        }
        Instant exp = t.expiresAt().get();
        Duration lifetime = Duration.between(t.issuedAt(), exp);
        Duration skew = lifetime.dividedBy(10).compareTo(Duration.ofSeconds(30)) < 0 ? lifetime.dividedBy(10) : Duration.ofSeconds(30);
        if (!now.isBefore(exp.minus(skew))) {
            violations.add("expired token handed out at " + now + ": " + t + " (effective expiry " + exp.minus(skew) + ")");
        }
    }

    private static void checkTyped(Throwable e, ConcurrentLinkedQueue<String> violations) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (!(cause instanceof ProviderUnavailableException || cause instanceof RateLimitedException
                || cause instanceof MalformedResponseException)) {
            violations.add("unexpected error type: " + cause);
        }
    }

    /** Fails at random (a quarter of requests) with the faults a vendor produces; counts concurrent fetches. */
    static final class FaultyProvider implements TokenProvider {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final ManualClock clock;
        private final Random random;

        FaultyProvider(ManualClock clock, Random random) {
            this.clock = clock;
            this.random = random;
        }

        @Override
        public String id() {
            return "faulty";
        }

        @Override
        public AccessToken fetch() {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                int n = requests.incrementAndGet();
                for (int i = 0; i < 200; i++) {
                    Thread.onSpinWait(); // widen the window in which a second fetch would overlap
                }
                int roll;
                int lifetime;
                int retryAfter;
                synchronized (random) {
                    roll = random.nextInt(100);
                    lifetime = 30 + random.nextInt(600 - 30);
                    retryAfter = random.nextInt(40);
                }
                if (roll < 10) {
                    throw new ProviderUnavailableException(id(), 503, null, "token endpoint unavailable (HTTP 503)", null);
                }
                if (roll < 17) {
                    throw new RateLimitedException(id(), Duration.ofSeconds(retryAfter), "rate limited (HTTP 429)");
                }
                if (roll < 21) {
                    throw new ProviderUnavailableException(id(), "no answer within 10s (request-timeout)", null);
                }
                if (roll < 25) {
                    throw new MalformedResponseException(id(), 200, "the answer is not a JSON object", null);
                }
                return AccessToken.builder("tok-" + n).issuedAt(clock.instant()).expiresIn(Duration.ofSeconds(lifetime)).build();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Checks the request bounds from the listener's events, which arrive in order (single flight). */
    static final class Events implements TokenSourceListener {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger refreshesAhead = new AtomicInteger();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        private final ManualClock clock;
        private volatile Instant noFetchBefore = Instant.MIN;

        Events(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void refreshStarted(String providerId, Reason reason) {
            started.incrementAndGet();
            if (reason == Reason.REFRESH_AHEAD) {
                refreshesAhead.incrementAndGet();
            }
            Instant now = clock.instant();
            if (reason != Reason.INVALIDATED && now.isBefore(noFetchBefore)) {
                violations.add(reason + " fetch at " + now + ", before the announced next attempt " + noFetchBefore);
            }
        }

        @Override
        public void refreshSucceeded(Fetch fetch, AccessToken token) {
            noFetchBefore = Instant.MIN;
            if (fetch.attempts() > MAX_ATTEMPTS) {
                violations.add("a fetch took " + fetch.attempts() + " requests");
            }
        }

        @Override
        public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
            if (error.attempts() > MAX_ATTEMPTS) {
                violations.add("a failed fetch took " + error.attempts() + " requests");
            }
            if (nextAttemptIn.isNegative() || nextAttemptIn.isZero()) {
                violations.add("a failed fetch announced no wait before the next: " + nextAttemptIn);
            }
            noFetchBefore = clock.instant().plus(nextAttemptIn);
        }
    }
}
