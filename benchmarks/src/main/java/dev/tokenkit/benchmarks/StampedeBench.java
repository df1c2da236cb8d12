package dev.tokenkit.benchmarks;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cold stampede: N threads call {@code token()} at once on a fresh source (the real Symbl
 * provider over real HTTP) whose upstream, a {@link FakeTokenServer}, answers after 50 ms.
 * Counts upstream requests per round (single flight: must be 1) and each caller's latency, from
 * just before its own {@code token()} call to its return.
 *
 * <p>Each round: a new {@link TokenSource}; N platform threads started and parked on a latch;
 * the latch released; all joined. One warm-up round (N = 10, not reported) loads the classes
 * and the shared HTTP client first.
 *
 * <p>Arguments (all optional): {@code rounds} (default 5), {@code latencyMs} (50), then the Ns
 * (default 10 100 1000).
 */
public final class StampedeBench {
    private StampedeBench() {
    }

    /**
     * Runs the rounds and prints a Markdown table.
     *
     * @param args rounds, latency in ms, Ns
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 50;
        int[] ns = args.length > 2
                ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 100, 1000};

        try (FakeTokenServer server = FakeTokenServer.start()) {
            AtomicInteger issued = new AtomicInteger();
            server.respondWith(request -> FakeResponse.ok("{\"accessToken\":\"stampede-" + issued.incrementAndGet()
                    + "\",\"expiresIn\":3600}").delay(Duration.ofMillis(latencyMs)));
            TokenProviders registry = TokenProviders.load();
            ProviderConfig config = ProviderConfig.builder()
                    .put("app-id", "bench-app")
                    .putSecret("app-secret", "bench-secret")
                    .put("base-url", server.baseUri().toString())
                    .build();

            round(registry, config, server, 10); // warm-up, not reported

            System.out.println("| callers N | rounds | upstream requests per round | distinct tokens per round"
                    + " | caller p50 (ms) | caller p99 (ms) | caller max (ms) | round wall, median (ms) |");
            System.out.println("|---:|---:|---|---|---:|---:|---:|---:|");
            boolean allSingle = true;
            for (int n : ns) {
                List<Long> requests = new ArrayList<>();
                List<Integer> distinct = new ArrayList<>();
                long[] all = new long[n * rounds];
                long[] walls = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    Round result = round(registry, config, server, n);
                    requests.add(result.requests);
                    distinct.add(result.distinctTokens);
                    allSingle &= result.requests == 1 && result.distinctTokens == 1;
                    System.arraycopy(result.latencies, 0, all, r * n, n);
                    walls[r] = result.wallNanos;
                }
                Arrays.sort(all);
                System.out.printf("| %,d | %d | %s | %s | %s | %s | %s | %s |%n", n, rounds, requests, distinct,
                        Stats.ms(Stats.percentile(all, 50)), Stats.ms(Stats.percentile(all, 99)),
                        Stats.ms(all[all.length - 1]), Stats.ms(Stats.median(walls)));
            }
            System.out.println();
            System.out.println("Upstream latency " + latencyMs + " ms. Single flight (1 request and 1 token per round): "
                    + (allSingle ? "yes, every round" : "NO"));
        }
    }

    private record Round(long requests, int distinctTokens, long[] latencies, long wallNanos) {
    }

    private static Round round(TokenProviders registry, ProviderConfig config, FakeTokenServer server, int n)
            throws InterruptedException {
        int before = server.requestCount();
        long[] latencies = new long[n];
        String[] values = new String[n];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[n];
        long wallStart;
        long wallEnd;
        try (TokenSource source = registry.source("symbl", config)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                threads[i] = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        long t0 = System.nanoTime();
                        String v = source.token().value();
                        latencies[k] = System.nanoTime() - t0;
                        values[k] = v;
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "stampede-" + i);
                threads[i].start();
            }
            ready.await();
            wallStart = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            wallEnd = System.nanoTime();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        Set<String> distinct = new HashSet<>(Arrays.asList(values));
        return new Round(server.requestCount() - before, distinct.size(), latencies, wallEnd - wallStart);
    }
}
