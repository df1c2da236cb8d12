package dev.tokenkit.benchmarks;

/**
 * A log-linear histogram of non-negative nanosecond values: exact below 128 ns, and above that
 * 64 buckets per power of two (a relative resolution of 1/64, about 1.6 %). Quantiles report the
 * upper bound of their bucket, so they never understate; the maximum is kept exactly. Not
 * thread-safe: one per recording thread, merged at the end.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;          // 64
    private static final int LINEAR = 2 * SUB;             // 128 exact buckets
    private static final int BUCKETS = LINEAR + (63 - SUB_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** How many values are at least {@code nanos} (counted by bucket, so within 1.6 %). */
    long countAtLeast(long nanos) {
        long n = 0;
        for (int i = index(nanos); i < BUCKETS; i++) {
            n += counts[i];
        }
        return n;
    }

    /**
     * The value at a quantile (nearest rank), as the upper bound of its bucket, capped by the
     * exact maximum.
     *
     * @param q in (0, 1]
     * @return nanoseconds
     */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        rank = Math.max(1, Math.min(total, rank));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        long top = v >>> shift; // in [SUB, 2 * SUB)
        return LINEAR + (shift - 1) * SUB + (int) (top - SUB);
    }

    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int k = index - LINEAR;
        int shift = k / SUB + 1;
        long top = k % SUB + SUB;
        return ((top + 1) << shift) - 1;
    }
}
