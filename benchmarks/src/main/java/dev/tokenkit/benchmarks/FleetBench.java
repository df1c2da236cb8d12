package dev.tokenkit.benchmarks;

import dev.tokenkit.testing.RedisServer;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import redis.clients.jedis.RedisClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet of replicas, each a JVM of its own ({@link FleetReplica}), with one {@code symbl}
 * configuration against one {@link FakeTokenServer} in this process, which issues a new 3 s token
 * for every request. Runs N = 1, 4 and 16 replicas sharing the token through a real redis-server
 * ({@link RedisServer}), the same N without a store (the baseline: every replica fetches its own),
 * and a run of 4 replicas during which redis-server is stopped for a third of the time and started
 * again (empty).
 *
 * <p>Per run: upstream requests per token lifetime, where a replica's lifetimes are the distinct
 * tokens its callers were served (so a lone source makes 1 request per lifetime by definition);
 * the slowest {@code token()} of any replica, its p99.9 and the calls of 1 ms or more; failed
 * calls; store failures reported to listeners.
 *
 * <p>Arguments (all optional): seconds per run (60, i.e. 20 lifetimes of 3 s), replica counts
 * (1,4,16), the outage run's replicas (4).
 */
public final class FleetBench {
    private static final int LIFETIME_S = 3;
    private static final AtomicInteger ISSUED = new AtomicInteger();

    private FleetBench() {
    }

    /** What one run measured. */
    private record Run(String name, int replicas, boolean store, int seconds, int requests, double lifetimes, long calls,
                       long failed, long storeFailures, long worstNs, long worstP999Ns, long atLeast1ms,
                       long noiseWorstNs, long noiseAtLeast1ms, String outage, Map<String, Long> commands) {
    }

    /**
     * Runs everything and prints a Markdown table.
     *
     * @param args seconds per run, replica counts, outage replicas
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int[] counts = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16};
        int outageReplicas = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<Run> runs = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(); FakeTokenServer server = FakeTokenServer.start()) {
            server.respondWith(request -> FakeResponse.ok("{\"accessToken\":\"bench-" + ISSUED.incrementAndGet()
                    + "\",\"expiresIn\":" + LIFETIME_S + "}"));
            for (int n : counts) {
                runs.add(run(server, redis, n, true, seconds, false));
            }
            for (int n : counts) {
                if (n > 1) {
                    runs.add(run(server, redis, n, false, seconds / 2, false));
                }
            }
            runs.add(run(server, redis, outageReplicas, true, seconds, true));
            print(runs, redis);
        }
    }

    private static Run run(FakeTokenServer server, RedisServer redis, int n, boolean store, int seconds, boolean outage)
            throws Exception {
        redis.restart(); // empty, so that no run adopts the previous one's token
        int before = server.requestCount();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process p = new ProcessBuilder(javaBin, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dsun.net.httpserver.nodelay=true", "-cp", classPath, FleetReplica.class.getName(),
                    store ? redis.uri().toString() : "none", server.baseUri().toString())
                    .redirectErrorStream(true).start();
            processes.add(p);
            outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) {
            awaitReady(out);
        }
        int warmRequests = server.requestCount() - before; // cold starts and warm-up refreshes: not counted
        Map<String, Long> commandsBefore = store && !outage ? commandStats(redis) : Map.of();
        long startAt = System.currentTimeMillis();
        long endAt = startAt + seconds * 1000L;
        for (Process p : processes) {
            p.getOutputStream().write(("GO " + endAt + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        String outageText = "";
        if (outage) {
            long third = seconds * 1000L / 3;
            sleepUntil(startAt + third);
            int atStop = server.requestCount();
            redis.stop();
            sleepUntil(startAt + 2 * third);
            int atRestart = server.requestCount();
            redis.restart();
            outageText = third / 1000 + " s|" + (atRestart - atStop);
        }
        List<Map<String, Long>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(result(processes.get(i), outputs.get(i), endAt));
        }
        int requests = server.requestCount() - before - warmRequests;
        Map<String, Long> commands = new java.util.TreeMap<>();
        if (store && !outage) {
            commandStats(redis).forEach((name, calls) -> {
                long inWindow = calls - commandsBefore.getOrDefault(name, 0L);
                if (inWindow > 0 && !name.equals("client") && !name.equals("hello")) {
                    commands.put(name, inWindow);
                }
            });
        }
        // the tokens a replica's callers got that were new in the window (the first one came before it)
        double lifetimes = results.stream().mapToLong(r -> r.get("lifetimes") - 1).average().orElse(0);
        if (outage) {
            // the lifetimes that fit in the outage, at the pace the replicas' callers saw tokens change
            String[] o = outageText.split("\\|");
            double outageSeconds = Double.parseDouble(o[0].replace(" s", ""));
            int during = Integer.parseInt(o[1]);
            double cycles = outageSeconds / (seconds / lifetimes);
            outageText = String.format(Locale.ROOT, "redis-server stopped for %s (about %.1f token lifetimes at the"
                    + " pace the callers saw): %d upstream requests meanwhile, %.2f per lifetime (each replica on its"
                    + " own: at most %d)", o[0], cycles, during, during / cycles, n);
        }
        return new Run(store ? "shared through Redis" : "baseline: no store", n, store, seconds, requests, lifetimes,
                sum(results, "calls"), sum(results, "failed"), sum(results, "storeFailures"), max(results, "maxNs"),
                max(results, "p999Ns"), sum(results, "atLeast1ms"), max(results, "noiseMaxNs"),
                sum(results, "noiseAtLeast1ms"), outageText, commands);
    }

    /** Commands the server ran since its last restart, by name ({@code INFO commandstats}), scripts' own included. */
    private static Map<String, Long> commandStats(RedisServer redis) {
        Map<String, Long> calls = new java.util.TreeMap<>();
        try (RedisClient client = RedisClient.create(redis.uri())) {
            for (String line : client.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring(8, line.indexOf(':'));
                    long n = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+).*", "$1"));
                    if (!name.equals("info")) {
                        calls.put(name, n);
                    }
                }
            }
        }
        return calls;
    }

    private static void awaitReady(BufferedReader out) throws IOException {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("READY")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("a replica ended before it was ready; its output:\n" + seen);
    }

    private static Map<String, Long> result(Process p, BufferedReader out, long endAt)
            throws IOException, InterruptedException {
        Map<String, Long> values = new HashMap<>();
        StringBuilder output = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith("RESULT ")) {
                for (String pair : line.substring(7).split(" ")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        out.close();
        long wait = Math.max(10_000, endAt - System.currentTimeMillis() + 30_000);
        if (!p.waitFor(wait, TimeUnit.MILLISECONDS) || values.isEmpty()) {
            p.destroyForcibly();
            throw new IllegalStateException("a replica did not report; its output:\n" + output);
        }
        return values;
    }

    private static long sum(List<Map<String, Long>> results, String key) {
        return results.stream().mapToLong(r -> r.get(key)).sum();
    }

    private static long max(List<Map<String, Long>> results, String key) {
        return results.stream().mapToLong(r -> r.get(key)).max().orElse(0);
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long left;
        while ((left = epochMs - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(left, 100)); // the outage is scheduled on the wall clock the replicas share
        }
    }

    private static void print(List<Run> runs, RedisServer redis) {
        double lone = runs.stream().filter(r -> r.store && r.replicas == 1).mapToDouble(r -> r.requests / r.lifetimes)
                .findFirst().orElse(Double.NaN);
        System.out.println("| run | replicas (JVMs) | seconds | upstream requests | lifetimes per replica | requests per"
                + " lifetime | × one replica alone | `token()` calls | failed calls | worst `token()` | worst p99.9"
                + " | calls ≥ 1 ms | machine noise: worst, calls ≥ 1 ms | store failures reported |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Run r : runs) {
            double perLifetime = r.requests / r.lifetimes;
            System.out.printf(Locale.ROOT, "| %s%s | %d | %d | %,d | %.1f | **%.2f** | %.2f× | %,d | **%d** | %s | %s | %,d"
                            + " | %s, %,d | %,d |%n",
                    r.name, r.outage.isEmpty() ? "" : " — redis-server stopped mid-run", r.replicas, r.seconds,
                    r.requests, r.lifetimes, perLifetime, perLifetime / lone, r.calls, r.failed, Stats.human(r.worstNs),
                    Stats.human(r.worstP999Ns), r.atLeast1ms, Stats.human(r.noiseWorstNs), r.noiseAtLeast1ms,
                    r.storeFailures);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Each replica is a JVM of its own (`-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1`)"
                + " with one `symbl`"
                + " source (`ExpiryPolicy`: `minRefreshInterval` 100 ms, `minRefreshWindow` 1 s) and one caller"
                + " thread calling `token()` about once a millisecond; the measured window starts when every replica has"
                + " its first token and has warmed up for 2 s (their requests before it are not counted); the token"
                + " server issues a new %d s token per request. Machine noise: the same loop times a constant supplier"
                + " right after each `token()`; a stall there is the machine's (preemption, safepoints), not tokenkit's. A replica's lifetimes are the new tokens its callers got in the window; requests per lifetime ="
                + " upstream requests / mean lifetimes per replica. redis-server: %s, restarted empty before each run."
                + "%n%n", LIFETIME_S, redis.binary());
        for (Run r : runs) {
            if (!r.commands.isEmpty()) {
                long total = r.commands.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf(Locale.ROOT, "- Redis commands in the window, %d replica(s): %,d in %.1f lifetimes ="
                        + " **%.1f per lifetime**, scripts' own commands included, connection set-up (`HELLO`, `CLIENT`)"
                        + " not (%s)%n", r.replicas, total, r.lifetimes, total / r.lifetimes, r.commands);
            }
        }
        for (Run r : runs) {
            if (!r.outage.isEmpty()) {
                System.out.println("- outage run (" + r.replicas + " replicas): " + r.outage + "; failed calls: "
                        + r.failed + (r.failed == 0 ? " (goal 0: **met**)" : " (goal 0: **missed**)"));
            }
        }
        boolean oneEach = runs.stream().filter(r -> r.store && r.outage.isEmpty())
                .allMatch(r -> r.requests / r.lifetimes < 1.15);
        System.out.println("- goal: about 1 request per lifetime for every N with the store (baseline: N): "
                + (oneEach ? "**met**" : "**missed**") + " (within 15 %: the fleet refreshes at the earliest of its"
                + " replicas' jittered refresh points)");
        long worst = runs.stream().mapToLong(r -> r.worstNs).max().orElse(0);
        long noise = runs.stream().mapToLong(r -> r.noiseWorstNs).max().orElse(0);
        System.out.println("- goal: worst `token()` under 1 ms: " + (worst < 1_000_000 ? "**met**" : "**missed**") + " ("
                + Stats.human(worst) + " worst of all runs; the constant supplier's worst: " + Stats.human(noise)
                + (noise >= 1_000_000 ? ": the machine itself stalls past 1 ms, so compare the calls ≥ 1 ms columns" : "")
                + ")");
    }
}
