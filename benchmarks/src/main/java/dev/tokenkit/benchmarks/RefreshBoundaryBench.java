package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.internal.TokenSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Refresh boundary: steady load across many expiries. {@code threads} threads call
 * {@code token()} back to back for {@code seconds}; the upstream (the real Symbl provider over
 * HTTP to a {@link FakeTokenServer}) issues a new token with a short real lifetime and answers
 * only after {@code upstreamMs}. Every call's latency goes into a {@link LatencyHistogram}; the
 * source's listener counts the fetches by reason: a {@code NO_TOKEN} fetch after the first is a
 * fetch that callers had to wait for, i.e. the refresh ahead did not finish in time.
 *
 * <p>Two expiry policies are run over the same 3 s tokens: the defaults (refresh at 80 % ± 5 %,
 * skew min(30 s, 10 %): the refresh window from 2.25..2.55 s to the effective expiry at 2.7 s is
 * 0.15..0.45 s, shorter than a 500 ms upstream), and {@code refreshAt(0.5)} (window 1.05..1.35 s,
 * longer than the upstream), to separate what the mechanism guarantees from what the default
 * fraction leaves for very short tokens. A third run puts the same load on a control (a volatile
 * read and a clock read, nothing else): its outliers are what the machine itself does to a
 * spinning thread (preemption, safepoints), not tokenkit.
 *
 * <p>Both policies lower the refresh floor ({@link ExpiryPolicy#minRefreshInterval()}, 10 s by
 * default and never waived) to 0.5 s: with the default floor a 3 s token gets no refresh ahead at
 * all, and every expiry would be a wait.
 *
 * <p>Arguments (all optional): seconds per policy (30), threads (2), lifetime seconds (3),
 * upstream ms (500).
 */
public final class RefreshBoundaryBench {
    private static final Duration FLOOR = Duration.ofMillis(500);

    private RefreshBoundaryBench() {
    }

    /**
     * Runs both policies and prints a Markdown table.
     *
     * @param args seconds, threads, lifetime, upstream latency
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int lifetimeS = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long upstreamMs = args.length > 3 ? Long.parseLong(args[3]) : 500;

        List<Object[]> policies = List.of(
                new Object[] {"defaults (refreshAt 0.8 ± 0.05), floor 0.5 s", ExpiryPolicy.builder()
                        .minRefreshInterval(FLOOR).build()},
                new Object[] {"refreshAt 0.5 ± 0.05, floor 0.5 s", ExpiryPolicy.builder().refreshAt(0.5)
                        .minRefreshInterval(FLOOR).build()});

        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (FakeTokenServer server = FakeTokenServer.start()) {
            AtomicInteger issued = new AtomicInteger();
            server.respondWith(request -> FakeResponse.ok("{\"accessToken\":\"boundary-" + issued.incrementAndGet()
                    + "\",\"expiresIn\":" + lifetimeS + "}").delay(Duration.ofMillis(upstreamMs)));
            TokenProviders registry = TokenProviders.load();
            ProviderConfig config = ProviderConfig.builder()
                    .put("app-id", "bench-app")
                    .putSecret("app-secret", "bench-secret")
                    .put("base-url", server.baseUri().toString())
                    .build();
            TokenProvider provider = registry.provider("symbl", config);

            for (Object[] p : policies) {
                String name = (String) p[0];
                ExpiryPolicy policy = (ExpiryPolicy) p[1];
                Result r = run(provider, policy, server, seconds, threads);
                LatencyHistogram h = r.histogram;
                rows.add(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %d (%d ms in all, worst %d ms) | %s | %s | %s | %s | %s | %,d | %,d | %,d |",
                        name, h.count(), r.upstreamRequests, r.refreshes, r.gaps, r.gapMs, r.worstGapMs,
                        waited(r), Stats.human(h.quantile(0.5)), Stats.human(h.quantile(0.999)),
                        Stats.human(h.quantile(0.99999)), Stats.human(h.max()),
                        h.countAtLeast(1_000_000), h.countAtLeast(10_000_000), h.countAtLeast(100_000_000)));
                notes.add(name + ": slowest calls (start s after load began, latency): " + r.slowest);
            }
        }
        // the same load on the floor cache: what this machine does to a loop with no tokenkit in it
        Loop control = load(new Control()::get, seconds, threads);
        LatencyHistogram c = control.histogram;
        rows.add(String.format(Locale.ROOT, "| control: volatile read + clock, no tokenkit, no network | %,d | — | — | — | — | %s"
                        + " | %s | %s | %s | %,d | %,d | %,d |", c.count(), Stats.human(c.quantile(0.5)),
                Stats.human(c.quantile(0.999)), Stats.human(c.quantile(0.99999)), Stats.human(c.max()),
                c.countAtLeast(1_000_000), c.countAtLeast(10_000_000), c.countAtLeast(100_000_000)));
        notes.add("control: slowest calls: " + control.slowest);
        System.out.println("| expiry policy | calls | upstream requests | refreshes | refreshes that landed after the old"
                + " token's effective expiry (callers waited) | NO_TOKEN fetches | p50 | p99.9 | p99.999 | max"
                + " | calls ≥ 1 ms | ≥ 10 ms | ≥ 100 ms |");
        System.out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.printf(Locale.ROOT, "%d threads calling token() back to back for %d s per policy; token lifetime %d s;"
                + " upstream answers after %d ms. Latency includes two System.nanoTime() calls; quantiles are"
                + " bucket upper bounds (≤ 1.6 %% over).%n", threads, seconds, lifetimeS, upstreamMs);
        System.out.println();
        notes.forEach(n -> System.out.println("- " + n));
    }

    private static String waited(Result r) {
        return Integer.toString(r.reasons.get(TokenSourceListener.Reason.NO_TOKEN));
    }

    private record Result(LatencyHistogram histogram, long upstreamRequests,
                          Map<TokenSourceListener.Reason, Integer> reasons, int refreshes, int gaps, long gapMs,
                          long worstGapMs, String slowest) {
    }

    private static Result run(TokenProvider provider, ExpiryPolicy policy, FakeTokenServer server, int seconds,
                              int threads) throws InterruptedException {
        Map<TokenSourceListener.Reason, AtomicInteger> counts = new EnumMap<>(TokenSourceListener.Reason.class);
        for (TokenSourceListener.Reason reason : TokenSourceListener.Reason.values()) {
            counts.put(reason, new AtomicInteger());
        }
        // Each success: when it landed, and the effective expiry of the token it brought (by the
        // policy's own rule, the engine's TokenSchedule). A success that
        // lands after the previous token's effective expiry left a gap in which no valid token was
        // cached and callers waited for the fetch.
        List<long[]> landings = Collections.synchronizedList(new ArrayList<>());
        TokenSourceListener listener = new TokenSourceListener() {
            @Override
            public void refreshStarted(String providerId, Reason reason) {
                counts.get(reason).incrementAndGet();
            }

            @Override
            public void refreshSucceeded(Fetch fetch, AccessToken token) {
                Instant now = Instant.now();
                // the effective expiry does not depend on the jitter draw (0.5 here)
                long effective = TokenSchedule.of(policy, token, now, 0.5).effectiveExpiresAt().toEpochMilli();
                landings.add(new long[] {now.toEpochMilli(), effective});
            }
        };
        Loop loop;
        long requests;
        try (TokenSource source = TokenSource.builder(provider).expiry(policy).listener(listener).build()) {
            source.token(); // the cold fetch: not part of the steady state
            counts.values().forEach(c -> c.set(0));
            int before = server.requestCount();
            loop = load(source::token, seconds, threads);
            requests = server.requestCount() - before;
        }
        int gaps = 0;
        long gapMs = 0;
        long worstGapMs = 0;
        synchronized (landings) {
            for (int i = 1; i < landings.size(); i++) {
                long gap = landings.get(i)[0] - landings.get(i - 1)[1];
                if (gap > 0) {
                    gaps++;
                    gapMs += gap;
                    worstGapMs = Math.max(worstGapMs, gap);
                }
            }
        }
        Map<TokenSourceListener.Reason, Integer> reasons = new EnumMap<>(TokenSourceListener.Reason.class);
        counts.forEach((k, v) -> reasons.put(k, v.get()));
        return new Result(loop.histogram, requests, reasons, landings.size() - 1, gaps, gapMs, worstGapMs,
                loop.slowest);
    }

    /** What {@link #load} measured: every call's latency, and the five slowest calls as text. */
    record Loop(LatencyHistogram histogram, String slowest) {
    }

    /**
     * {@code threads} threads call {@code call} back to back for {@code seconds}, each call timed.
     * Also used by {@link HeadOfLineBench}.
     */
    static Loop load(Supplier<AccessToken> call, int seconds, int threads) throws InterruptedException {
        LatencyHistogram total = new LatencyHistogram();
        List<long[]> slow = new ArrayList<>();
        LatencyHistogram[] perThread = new LatencyHistogram[threads];
        List<List<long[]>> slowPerThread = new ArrayList<>();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            LatencyHistogram h = new LatencyHistogram();
            List<long[]> s = new ArrayList<>();
            perThread[i] = h;
            slowPerThread.add(s);
            workers[i] = new Thread(() -> {
                long t0 = System.nanoTime();
                while (t0 < end) {
                    AccessToken t = call.get();
                    long dt = System.nanoTime() - t0;
                    h.record(dt);
                    if (dt >= 1_000_000 && s.size() < 10_000) {
                        s.add(new long[] {t0 - start, dt});
                    }
                    if (t == null) {
                        throw new AssertionError("no token");
                    }
                    t0 = System.nanoTime();
                }
            }, "boundary-" + i);
            workers[i].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        for (int i = 0; i < threads; i++) {
            total.add(perThread[i]);
            slow.addAll(slowPerThread.get(i));
        }
        slow.sort((a, b) -> Long.compare(b[1], a[1]));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(5, slow.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f s: %s",
                    slow.get(i)[0] / 1e9, Stats.human(slow.get(i)[1])));
        }
        return new Loop(total, slow.isEmpty() ? "none ≥ 1 ms" : sb.toString());
    }

    /** The control: a volatile read and a clock read, no tokenkit, no network, no background thread. */
    private static final class Control {
        private volatile HotPathBench.FloorEntry entry;

        Control() {
            AccessToken t = new FixedLifetimeProvider("control", Duration.ofHours(1)).fetch();
            entry = new HotPathBench.FloorEntry(t, t.expiresAt().orElseThrow().toEpochMilli());
        }

        AccessToken get() {
            HotPathBench.FloorEntry e = entry;
            if (System.currentTimeMillis() < e.expiresAt) {
                return e.token;
            }
            throw new IllegalStateException("expired");
        }
    }
}
