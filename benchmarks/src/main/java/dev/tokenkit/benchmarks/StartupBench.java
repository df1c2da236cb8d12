package dev.tokenkit.benchmarks;

import dev.tokenkit.emulators.SymblEmulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up, whole processes, in two parts.
 *
 * <p><b>The library.</b> Runs {@code java -cp benchmarks.jar} {@link FirstToken} several times
 * (one discarded warm-up run that fills the OS file cache) and reports the median wall time from
 * starting the process to its exit, next to the same for a JVM that does nothing
 * ({@code FirstToken --noop}), one that only sets up the JDK's default TLS context
 * ({@code FirstToken --tls-context}) and one that only creates a JDK {@code HttpClient}
 * ({@code FirstToken --jdk-http-client}), and the medians of the steps inside {@code FirstToken}.
 *
 * <p><b>The command line.</b> With a third argument, the {@code ./tokenkit} script: starts the
 * Symbl emulator in this process and times {@code ./tokenkit token symbl … -o header} against it,
 * start to printed token, next to {@code curl} sending the same request to the same endpoint. Each
 * row runs in turn with {@code curl} (row, curl, row, curl, …) and its ratio is the median of the
 * pairs' ratios, so a machine that slows down during the run moves both sides of a pair. The rows
 * add one part of the start-up at a time: the JVM alone ({@code java -version} with the script's
 * flags), {@code tokenkit --version} (the script, the CLI's classes and picocli's model of every
 * command), {@code tokenkit describe symbl} (the provider registry), {@code tokenkit token} (the
 * source, the HTTP client, the request, JSON); and {@code token} without the build's class-data
 * archive, then without the script's JVM flags too (a plain {@code java -cp tokenkit.jar}).
 *
 * <p>Arguments: the jar (default {@code benchmarks/target/benchmarks.jar}), runs (default 7),
 * the {@code tokenkit} script (optional; its jar and archive are read from
 * {@code auth-cli/target} next to it).
 */
public final class StartupBench {
    private static final Pattern OUT = Pattern.compile(
            "main-ms=([0-9.]+) emulator-ms=([0-9.]+) load-ms=([0-9.]+) source-ms=([0-9.]+) token-ms=([0-9.]+)");
    private static final String[] STEPS = {"main()", "emulator start", "TokenProviders.load()", "source(\"symbl\")",
        "first token()"};

    /**
     * The child JVMs' emulator answers without Nagle's algorithm: the JDK's HTTP server leaves it on
     * by default, and the response body then waits for the client's delayed ACK (about 40 ms).
     */
    private static final String NODELAY = "-Dsun.net.httpserver.nodelay=true";

    /** The JVM flags {@code ./tokenkit} starts the CLI with, besides the class-data archive. */
    private static final List<String> SCRIPT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData");
    private static final String MAIN = "dev.tokenkit.cli.TokenkitCli";

    private StartupBench() {
    }

    /**
     * Runs the processes and prints Markdown tables.
     *
     * @param args jar, runs, tokenkit script (optional)
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "benchmarks/target/benchmarks.jar";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        library(jar, runs);
        if (args.length > 2) {
            commandLine(Path.of(args[2]).toAbsolutePath(), runs);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void library(String jar, int runs) throws IOException, InterruptedException {
        System.out.println("| process | runs | whole process wall, median (ms) | min | max |");
        System.out.println("|---|---:|---:|---:|---:|");
        long[][] steps = new long[STEPS.length][runs];
        long[] tlsContext = new long[runs];
        long[] jdkClient = new long[runs];
        for (String mode : new String[] {"--noop", "--tls-context", "--jdk-http-client", "--first-token"}) {
            List<String> cmd = List.of(javaBin(), NODELAY, "-cp", jar, FirstToken.class.getName(), mode);
            run(cmd); // warm-up: file cache, CDS archive mapping
            long[] wall = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                String out = run(cmd);
                wall[i] = System.nanoTime() - t0;
                Matcher m = OUT.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException("unexpected output: " + out);
                }
                switch (mode) {
                    case "--tls-context" -> tlsContext[i] = (long) (Double.parseDouble(m.group(1)) * 1e6);
                    case "--jdk-http-client" -> jdkClient[i] = (long) (Double.parseDouble(m.group(1)) * 1e6);
                    default -> {
                        for (int k = 0; k < STEPS.length; k++) {
                            steps[k][i] = (long) (Double.parseDouble(m.group(k + 1)) * 1e6);
                        }
                    }
                }
            }
            long[] sorted = wall.clone();
            Arrays.sort(sorted);
            System.out.printf("| %s | %d | %s | %s | %s |%n",
                    switch (mode) {
                        case "--noop" -> "JVM only (`FirstToken --noop`)";
                        case "--tls-context" -> "JDK default TLS context only (`FirstToken --tls-context`)";
                        case "--jdk-http-client" -> "JDK `HttpClient.newHttpClient()` only (`FirstToken --jdk-http-client`)";
                        default -> "emulator + registry + first token (`FirstToken`)";
                    },
                    runs, Stats.ms(Stats.median(wall)), Stats.ms(sorted[0]), Stats.ms(sorted[runs - 1]));
        }
        System.out.println();
        System.out.println("Inside the `FirstToken` process (medians of the same runs, System.nanoTime() from the start of main()):");
        System.out.println();
        System.out.println("| step | median (ms) |");
        System.out.println("|---|---:|");
        for (int k = 0; k < STEPS.length; k++) {
            System.out.printf("| %s | %s |%n", STEPS[k], Stats.ms(Stats.median(steps[k])));
        }
        System.out.printf("| for reference, in its own process: `SSLContext.getDefault()` and its default parameters | %s |%n",
                Stats.ms(Stats.median(tlsContext)));
        System.out.printf("| for reference, in its own process: `HttpClient.newHttpClient()` | %s |%n",
                Stats.ms(Stats.median(jdkClient)));
    }

    private static void commandLine(Path script, int runs) throws IOException, InterruptedException {
        Path target = script.getParent().resolve("auth-cli").resolve("target");
        String cliJar = target.resolve("tokenkit.jar").toString();
        boolean archive = Files.isRegularFile(target.resolve("tokenkit.jsa"));
        Path secret = Files.createTempFile("startup-bench", ".secret");
        try (SymblEmulator emulator = SymblEmulator.start()) {
            Files.writeString(secret, SymblEmulator.DEMO_APP_SECRET);
            String base = emulator.baseUri().toString().replaceAll("/+$", "");
            List<String> token = List.of("token", "symbl", "-c", "base-url=" + base,
                    "-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=@" + secret, "-o", "header");
            List<String> curl = List.of("curl", "-s", "-f", "-X", "POST", "-H", "Content-Type: application/json",
                    "-d", "{\"type\":\"application\",\"appId\":\"" + SymblEmulator.DEMO_APP_ID + "\",\"appSecret\":\""
                            + SymblEmulator.DEMO_APP_SECRET + "\"}",
                    base + SymblEmulator.TOKEN_PATH);

            System.out.println();
            System.out.printf("The command line against the Symbl emulator on loopback, each row in turn with `curl` sending"
                    + " the same request (%d runs each after one warm-up; class-data archive `auth-cli/target/tokenkit.jsa`: %s):%n",
                    runs, archive ? "present" : "ABSENT, the rows with it run without it");
            System.out.println();
            System.out.println("| process | wall, median (ms) | min | max | `curl`, median (ms) | ratio to `curl`, median of pairs |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            List<String> java = new ArrayList<>(List.of(javaBin()));
            java.addAll(SCRIPT_FLAGS);
            row("JVM only (`java -version`, the script's flags)", concat(java, List.of("-version")), curl, runs);
            row("`tokenkit --version` (+ script, CLI classes, picocli)", concat(List.of(script.toString()), List.of("--version")),
                    curl, runs);
            row("`tokenkit describe symbl` (+ provider registry)",
                    concat(List.of(script.toString()), List.of("describe", "symbl")), curl, runs);
            row("**`tokenkit token symbl … -o header`** (+ source, HTTP client, request, JSON)",
                    concat(List.of(script.toString()), token), curl, runs);
            row("`java <script's flags> -cp tokenkit.jar … token` (no class-data archive)",
                    concat(java, concat(List.of("-cp", cliJar, MAIN), token)), curl, runs);
            row("`java -cp tokenkit.jar … token` (no archive, default JVM flags)",
                    concat(List.of(javaBin(), "-cp", cliJar, MAIN), token), curl, runs);
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void row(String name, List<String> cmd, List<String> curl, int runs)
            throws IOException, InterruptedException {
        run(cmd);
        run(curl);
        long[] wall = new long[runs];
        long[] yardstick = new long[runs];
        long[] ratio = new long[runs];
        for (int i = 0; i < runs; i++) {
            wall[i] = timed(cmd);
            yardstick[i] = timed(curl);
            ratio[i] = Math.round(1000.0 * wall[i] / yardstick[i]);
        }
        long[] sorted = wall.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %s | %s | %s | %s | %.1f× |%n", name, Stats.ms(Stats.median(wall)), Stats.ms(sorted[0]),
                Stats.ms(sorted[runs - 1]), Stats.ms(Stats.median(yardstick)), Stats.median(ratio) / 1000.0);
    }

    private static long timed(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(cmd);
        return System.nanoTime() - t0;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("TOKENKIT_CLASSPATH");
        Process p = builder.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(cmd + " exited " + code + ": " + out);
        }
        return out.toString();
    }
}
