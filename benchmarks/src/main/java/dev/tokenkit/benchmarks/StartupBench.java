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
 * JVM that does nothing ({@code FirstToken --noop}).
 *
 * <p>Arguments: the jar (default {@code benchmarks/target/benchmarks.jar}), runs (default 7).
 */
public final class StartupBench {
    private static final Pattern OUT = Pattern.compile("main-ms=([0-9.]+) registry-to-token-ms=([0-9.]+)");

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

        System.out.println("| process | runs | whole process wall, median (ms) | min | max | main() to token, median (ms)"
                + " | registry + source + token, median (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String mode : new String[] {"--noop", "--first-token"}) {
            List<String> cmd = List.of(javaBin, "-cp", jar, FirstToken.class.getName(), mode);
            run(cmd); // warm-up: file cache, CDS archive mapping
            long[] wall = new long[runs];
            long[] mainMs = new long[runs];
            long[] tokenMs = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                String out = run(cmd);
                wall[i] = System.nanoTime() - t0;
                Matcher m = OUT.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException("unexpected output: " + out);
                }
                mainMs[i] = (long) (Double.parseDouble(m.group(1)) * 1e6);
                tokenMs[i] = (long) (Double.parseDouble(m.group(2)) * 1e6);
            }
            long[] sorted = wall.clone();
            Arrays.sort(sorted);
            boolean noop = mode.equals("--noop");
            System.out.printf("| %s | %d | %s | %s | %s | %s | %s |%n",
                    noop ? "JVM only (`FirstToken --noop`)" : "emulator + registry + first token (`FirstToken`)",
                    runs, Stats.ms(Stats.median(wall)), Stats.ms(sorted[0]), Stats.ms(sorted[runs - 1]),
                    noop ? "—" : Stats.ms(Stats.median(mainMs)), noop ? "—" : Stats.ms(Stats.median(tokenMs)));
        }
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
