package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.internal.SharedThreads;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Many sources: what N idle sources with default threads cost. Each source has its own
 * {@link CountingProvider} (no I/O, tokens {@code tenant-i-n} living 1 h); the providers are the
 * application's objects and are built before the baseline, so the figures are tokenkit's.
 *
 * <p>One run, five snapshots (live threads, threads named {@code tokenkit-*}, used heap after
 * {@link System#gc()} five times, RSS from {@code /proc/self/status}):
 * <ol>
 *   <li>baseline, before any source exists;</li>
 *   <li>after building N sources and calling {@code token()} once on each, one after the other
 *       (N cold fetches through the shared fetch pool);</li>
 *   <li>after leaving them idle for {@code idleSeconds} (no calls; longer than the fetch pool's
 *       30 s keep-alive, so idle fetch threads have ended);</li>
 *   <li>after closing them all and dropping them: what stays above the baseline, per source
 *       closed (one-off costs spread over N, or a leak if it grows with N);</li>
 *   <li>N tokens alone, built like the providers' and held in an array: their heap per token
 *       is subtracted from a source's to give its cost "beyond its token value".</li>
 * </ol>
 * The shared timer's queue (one pending refresh per source while they live, none after close) is
 * read through {@link SharedThreads#timer()}, reachable because the benchmarks run on the class
 * path; reading it at the baseline creates the (still threadless) timer and fetch pool.
 *
 * <p>Arguments (all optional): N (10000), idle seconds (35).
 */
public final class ManySourcesBench {
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final long GOAL_THREADS = 8;
    private static final long GOAL_BYTES = 2048;

    private ManySourcesBench() {
    }

    /**
     * Runs the phases and prints a Markdown table.
     *
     * @param args N, idle seconds
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 35;

        List<CountingProvider> providers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            providers.add(new CountingProvider("tenant-" + i, LIFETIME, 0));
        }
        Snapshot base = Snapshot.take(n);

        List<TokenSource> sources = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (CountingProvider p : providers) {
            TokenSource s = TokenSource.builder(p).build();
            s.token();
            sources.add(s);
        }
        long coldNanos = System.nanoTime() - t0;
        Snapshot fetched = Snapshot.take(n);

        Thread.sleep(idleSeconds * 1000L);
        Snapshot idle = Snapshot.take(n);

        long fetches = providers.stream().mapToLong(CountingProvider::fetches).sum();
        sources.forEach(TokenSource::close);
        sources = null;
        Snapshot closed = Snapshot.take(n);

        // the token baseline: N tokens like the sources' cached ones, alone
        long before = usedHeap();
        AccessToken[] tokens = new AccessToken[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = AccessToken.builder("tenant-" + i + "-1").issuedAt(Instant.now()).expiresIn(LIFETIME).build();
        }
        long tokenBytes = (usedHeap() - before) / n;
        if (tokens[n - 1].value().isEmpty()) {
            throw new AssertionError();
        }

        System.out.println("| phase | live threads | `tokenkit-*` threads | Δ threads vs baseline | used heap"
                + " | heap per source | beyond its token | RSS | RSS per source | shared timer queue |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        row("baseline: " + String.format(Locale.ROOT, "%,d", n) + " providers, no source", base, base, n, -1);
        row(String.format(Locale.ROOT, "after %,d sources × 1 cold `token()`", n), fetched, base, n, tokenBytes);
        row("after " + idleSeconds + " s idle", idle, base, n, tokenBytes);
        row("after closing them all", closed, base, n, -1);
        System.out.println();
        Snapshot most = List.of(fetched, idle, closed).stream()
                .max((a, b) -> Integer.compare(a.tokenkitThreads, b.tokenkitThreads)).orElseThrow();
        long idleBeyond = (idle.heap - base.heap) / n - tokenBytes;
        System.out.printf(Locale.ROOT, "%,d cold fetches (%,d provider calls) took %s ms in all, %s per source, one"
                        + " after the other from the main thread. One `AccessToken` with its value (`tenant-i-1`)"
                        + " and header strings, measured alone: %,d B. Heap figures are deltas of used heap after"
                        + " five `System.gc()`; they include the list holding the sources (4-8 B each).%n%n",
                n, fetches, Stats.ms(coldNanos), Stats.human(coldNanos / n), tokenBytes);
        System.out.printf(Locale.ROOT, "- goal ≤ %d `tokenkit-*` threads in all: %s (at most %d seen: %s; after"
                        + " the idle period: %s)%n", GOAL_THREADS, most.tokenkitThreads <= GOAL_THREADS ? "**met**"
                        : "**missed**", most.tokenkitThreads, String.join(", ", most.tokenkitNames),
                String.join(", ", idle.tokenkitNames));
        System.out.printf(Locale.ROOT, "- goal ≤ %,d B heap per idle source beyond its token value: %s (%,d B)%n",
                GOAL_BYTES, idleBeyond <= GOAL_BYTES ? "**met**" : "**missed**", idleBeyond);
    }

    private static void row(String phase, Snapshot s, Snapshot base, int n, long tokenBytes) {
        long perSource = (s.heap - base.heap) / n;
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %+d | %s | %s | %s | %s | %s | %s |%n", phase, s.threads,
                s.tokenkitThreads, s.threads - base.threads, mib(s.heap), s == base ? "—" : perSource + " B",
                tokenBytes < 0 ? "—" : (perSource - tokenBytes) + " B", mib(s.rss),
                s == base ? "—" : (s.rss - base.rss) / n + " B", s.timerQueue < 0 ? "n/a" : Integer.toString(s.timerQueue));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Threads, heap, RSS and the shared timer's queue at one moment. */
    private record Snapshot(int threads, int tokenkitThreads, List<String> tokenkitNames, long heap, long rss,
                            int timerQueue) {
        static Snapshot take(int n) throws InterruptedException, IOException {
            long heap = usedHeap();
            Set<Thread> live = Thread.getAllStackTraces().keySet();
            List<String> names = live.stream().map(Thread::getName).filter(s -> s.startsWith("tokenkit-"))
                    .sorted().toList();
            return new Snapshot(live.size(), names.size(), names, heap, ManySourcesBench.rss(),
                    ManySourcesBench.timerQueue());
        }
    }

    /** Used heap after five full collections. */
    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status, in bytes; 0 where there is no /proc. */
    private static long rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /**
     * Tasks waiting on the shared timer, or -1 if it is not a {@link ScheduledThreadPoolExecutor}.
     * Reading it creates the timer if no source has yet (it costs no thread until a task runs).
     */
    private static int timerQueue() {
        ScheduledExecutorService timer = SharedThreads.timer();
        return timer instanceof ScheduledThreadPoolExecutor t ? t.getQueue().size() : -1;
    }
}
