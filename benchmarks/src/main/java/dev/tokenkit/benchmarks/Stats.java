package dev.tokenkit.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Small helpers for exact percentiles over sample arrays and for formatting. */
final class Stats {
    private Stats() {
    }

    /**
     * Nearest-rank percentile of sorted samples.
     *
     * @param sorted ascending
     * @param p      in (0, 100]
     * @return the sample at that rank
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long median(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return percentile(s, 50);
    }

    /** Nanoseconds as milliseconds with two decimals. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** Nanoseconds in a readable unit: ns below 10 µs, µs below 10 ms, ms above. */
    static String human(long nanos) {
        if (nanos < 10_000) {
            return nanos + " ns";
        }
        if (nanos < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
