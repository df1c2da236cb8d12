package dev.tokenkit.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JVM start to first token, whole process: runs {@code java -cp benchmarks.jar}
 * {@link FirstToken} several times (one discarded warm-up run that fills the OS file cache) and
 * reports the median wall time from starting the process to its exit, next to the same for a
 * JVM that does nothing ({@code FirstToken --noop}) and for one that only creates a JDK
 * {@code HttpClient} ({@code FirstToken --jdk-http-client}), and the medians of the steps inside
 * {@code FirstToken}.
 *
 * <p>Arguments: the jar (default {@code benchmarks/target/benchmarks.jar}), runs (default 7).
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

    private StartupBench() {
    }

    /**
     * Runs the processes and prints a Markdown table.
     *
     * @param args jar, runs
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "benchmarks/target/benchmarks.jar";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        System.out.println("| process | runs | whole process wall, median (ms) | min | max |");
        System.out.println("|---|---:|---:|---:|---:|");
        long[][] steps = new long[STEPS.length][runs];
        long[] jdkClient = new long[runs];
        for (String mode : new String[] {"--noop", "--jdk-http-client", "--first-token"}) {
            List<String> cmd = List.of(javaBin, NODELAY, "-cp", jar, FirstToken.class.getName(), mode);
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
                if (mode.equals("--jdk-http-client")) {
                    jdkClient[i] = (long) (Double.parseDouble(m.group(1)) * 1e6);
                } else {
                    for (int k = 0; k < STEPS.length; k++) {
                        steps[k][i] = (long) (Double.parseDouble(m.group(k + 1)) * 1e6);
                    }
                }
            }
            long[] sorted = wall.clone();
            Arrays.sort(sorted);
            System.out.printf("| %s | %d | %s | %s | %s |%n",
                    switch (mode) {
                        case "--noop" -> "JVM only (`FirstToken --noop`)";
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
        System.out.printf("| for reference, in its own process: `HttpClient.newHttpClient()` | %s |%n",
                Stats.ms(Stats.median(jdkClient)));
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
