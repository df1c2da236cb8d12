package dev.tokenkit.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runtime class-path footprint: sums the sizes of the jars of each named set and prints a
 * Markdown table with the ratio of each set to the first.
 *
 * <p>Arguments: {@code --set NAME ENTRY...} repeated. An entry is a jar, or {@code @FILE} for a
 * class path written by {@code dependency:build-classpath} (entries separated by the path
 * separator). A jar listed twice in one set is counted once.
 */
public final class Footprint {
    private Footprint() {
    }

    /**
     * Sums and prints.
     *
     * @param args the sets
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, Map<Path, Long>> sets = new LinkedHashMap<>();
        Map<Path, Long> current = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--set")) {
                current = new TreeMap<>();
                sets.put(args[++i], current);
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException("an entry before --set: " + args[i]);
            }
            List<String> entries = new ArrayList<>();
            if (args[i].startsWith("@")) {
                String cp = Files.readString(Path.of(args[i].substring(1))).trim();
                if (!cp.isEmpty()) {
                    entries.addAll(List.of(cp.split(File.pathSeparator)));
                }
            } else {
                entries.add(args[i]);
            }
            for (String e : entries) {
                Path p = Path.of(e.trim()).toRealPath();
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("not a jar: " + p);
                }
                current.put(p, Files.size(p));
            }
        }
        System.out.println("| class path | jars | bytes | KB | ratio to " + sets.keySet().iterator().next() + " |");
        System.out.println("|---|---:|---:|---:|---:|");
        long first = -1;
        for (Map.Entry<String, Map<Path, Long>> s : sets.entrySet()) {
            long total = s.getValue().values().stream().mapToLong(Long::longValue).sum();
            if (first < 0) {
                first = total;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %,.0f | %.1f× |%n", s.getKey(), s.getValue().size(), total,
                    total / 1024.0, (double) total / first);
        }
        for (Map.Entry<String, Map<Path, Long>> s : sets.entrySet()) {
            System.out.println();
            System.out.println("<details><summary>" + s.getKey() + ": jars</summary>");
            System.out.println();
            s.getValue().entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> System.out.printf(Locale.ROOT, "- %s — %,.0f KB%n",
                            e.getKey().getFileName(), e.getValue() / 1024.0));
            System.out.println();
            System.out.println("</details>");
        }
    }
}
