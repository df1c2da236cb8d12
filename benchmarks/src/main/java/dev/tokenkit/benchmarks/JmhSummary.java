package dev.tokenkit.benchmarks;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH JSON results ({@code -rf json}) into Markdown: the hot-path table with each score's
 * ratio to the floor measured in the same JMH run and with the same thread count, the goal
 * checks, the registry table, and the HTTP client integrations' overhead against setting the
 * header by hand in the same run.
 *
 * <p>Arguments: the JSON files.
 */
public final class JmhSummary {
    private JmhSummary() {
    }

    private record Score(String cls, String method, int threads, double score, double error, String unit,
                         double median) {
    }

    /**
     * Reads and prints.
     *
     * @param args JMH JSON files
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (String f : args) {
            try (Reader r = Files.newBufferedReader(Path.of(f), StandardCharsets.UTF_8);
                 JsonReader jr = Json.createReader(r)) {
                JsonArray results = jr.readArray();
                for (JsonValue v : results) {
                    JsonObject o = v.asJsonObject();
                    String name = o.getString("benchmark");
                    int dot = name.lastIndexOf('.');
                    String cls = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
                    JsonObject m = o.getJsonObject("primaryMetric");
                    double err = m.get("scoreError").getValueType() == JsonValue.ValueType.NUMBER
                            ? m.getJsonNumber("scoreError").doubleValue() : Double.NaN;
                    scores.add(new Score(cls, name.substring(dot + 1), o.getInt("threads"),
                            m.getJsonNumber("score").doubleValue(), err, m.getString("scoreUnit"), median(m)));
                }
            }
        }
        hotPath(scores);
        registry(scores);
        clients(scores);
    }

    private static void hotPath(List<Score> scores) {
        Map<Integer, Map<String, Score>> byThreads = new TreeMap<>();
        for (Score s : scores) {
            if (s.cls.equals("HotPathBench")) {
                byThreads.computeIfAbsent(s.threads, k -> new LinkedHashMap<>()).put(s.method, s);
            }
        }
        if (byThreads.isEmpty()) {
            return;
        }
        String[] order = {"floor", "tokenkit", "synchronizedCache", "googleGetRequestMetadata",
            "googleGetRequestMetadataUri", "googleGetAccessToken", "awsCachedSupplier", "coarseClockSketch",
            "clockCurrentTimeMillis", "clockNanoTime"};
        StringBuilder header = new StringBuilder("| benchmark |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : byThreads.keySet()) {
            header.append(" ").append(t).append(t == 1 ? " thread" : " threads").append(": ns/op ± error | ratio to floor |");
            rule.append("---:|---:|");
        }
        System.out.println("### Cached hot path (`HotPathBench`)");
        System.out.println();
        System.out.println(header);
        System.out.println(rule);
        for (String b : order) {
            StringBuilder row = new StringBuilder("| `" + b + "` |");
            boolean any = false;
            for (Map<String, Score> m : byThreads.values()) {
                Score s = m.get(b);
                Score floor = m.get("floor");
                if (s == null) {
                    row.append(" — | — |");
                    continue;
                }
                any = true;
                row.append(String.format(Locale.ROOT, " %.2f ± %.2f | %s |", s.score, s.error,
                        floor == null ? "—" : String.format(Locale.ROOT, "%.2f×", s.score / floor.score)));
            }
            if (any) {
                System.out.println(row);
            }
        }
        System.out.println();
        System.out.println("Goals (computed from the scores above):");
        System.out.println();
        for (Map.Entry<Integer, Map<String, Score>> e : byThreads.entrySet()) {
            Map<String, Score> m = e.getValue();
            Score tk = m.get("tokenkit");
            Score floor = m.get("floor");
            Score google = m.get("googleGetRequestMetadata");
            if (tk == null || floor == null || google == null) {
                continue;
            }
            double toFloor = tk.score / floor.score;
            double vsGoogle = google.score / tk.score;
            System.out.printf(Locale.ROOT, "- %d thread(s): tokenkit / floor = %.2f× (goal ≤ 2×: %s); google getRequestMetadata()"
                            + " / tokenkit = %.1f× (goal ≥ 10×: %s)%n", e.getKey(), toFloor, toFloor <= 2 ? "met" : "NOT met",
                    vsGoogle, vsGoogle >= 10 ? "met" : "NOT met");
        }
        System.out.println();
    }

    /** The median of the measurement iterations of all forks (robust to one disturbed iteration). */
    private static double median(JsonObject metric) {
        if (!metric.containsKey("rawData")) {
            return Double.NaN;
        }
        List<Double> values = new ArrayList<>();
        for (JsonValue fork : metric.getJsonArray("rawData")) {
            for (JsonValue v : fork.asJsonArray()) {
                values.add(((jakarta.json.JsonNumber) v).doubleValue());
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static void clients(List<Score> scores) {
        Map<String, Score> byMethod = new LinkedHashMap<>();
        scores.stream().filter(s -> s.cls.equals("ClientAdapterBench")).forEach(s -> byMethod.put(s.method, s));
        if (byMethod.isEmpty()) {
            return;
        }
        System.out.println("### HTTP client integrations (`ClientAdapterBench`, no network)");
        System.out.println();
        System.out.println("Mean ± error is JMH's score (99.9 % confidence half-width); the median of the measurement"
                + " iterations is shown beside it because one disturbed iteration on a shared machine moves the mean."
                + " The goal is judged on the medians.");
        System.out.println();
        System.out.println("| client | header by hand: mean ± error (median) ns/op | through the integration: mean ± error"
                + " (median) ns/op | overhead, medians: ns | overhead, means: ns ± error | goal: overhead < 1 µs |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        for (String client : List.of("jdk", "okhttp", "spring", "webflux")) {
            Score byHand = byMethod.get(client + "ByHand");
            Score integration = byMethod.get(client + "Integration");
            if (byHand == null || integration == null) {
                continue;
            }
            double overhead = integration.median - byHand.median;
            double error = Math.sqrt(byHand.error * byHand.error + integration.error * integration.error);
            System.out.printf(Locale.ROOT, "| %s | %.1f ± %.1f (%.1f) | %.1f ± %.1f (%.1f) | %.1f | %.1f ± %.1f | %s |%n",
                    client, byHand.score, byHand.error, byHand.median, integration.score, integration.error,
                    integration.median, overhead, integration.score - byHand.score, error,
                    overhead < 1000 ? "met" : "NOT met");
        }
        Score byHand = byMethod.get("springByHand");
        Score empty = byMethod.get("springByHandEmptyInterceptor");
        Score integration = byMethod.get("springIntegration");
        if (byHand != null && empty != null && integration != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "Spring, split (medians): with an interceptor that does nothing and the header by"
                    + " hand, %.1f ns/op (mean %.1f ± %.1f), so Spring's interceptor machinery costs %.1f ns and the"
                    + " integration's own work %.1f ns.%n", empty.median, empty.score, empty.error,
                    empty.median - byHand.median, integration.median - empty.median);
        }
        System.out.println();
    }

    private static void registry(List<Score> scores) {
        List<Score> reg = scores.stream().filter(s -> s.cls.equals("RegistryBench")).toList();
        if (reg.isEmpty()) {
            return;
        }
        System.out.println("### Registry (`RegistryBench`, warmed-up JVM)");
        System.out.println();
        System.out.println("| benchmark | threads | score ± error | unit |");
        System.out.println("|---|---:|---:|---|");
        for (Score s : reg) {
            System.out.printf(Locale.ROOT, "| `%s` | %d | %.2f ± %.2f | %s |%n", s.method, s.threads, s.score, s.error, s.unit);
        }
        System.out.println();
    }
}
