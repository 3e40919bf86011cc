package dev.tracevault.query.analytics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed-bin histogram on a logarithmic scale that can be added to, subtracted from and merged,
 * so hourly rows can be kept up to date as logs change and summed into days.
 *
 * <p>A positive value {@code x} falls into bin {@code i} with {@code γ^(i-1) < x ≤ γ^i}, where
 * {@code γ = (1 + α) / (1 - α)} (bins about 2 % wide for {@code α = 1 %}); a negative value into
 * the bin of {@code -x} on the negative side, zero into a bin of its own. A bin stands for
 * {@code ±2γ^i / (γ + 1)}, which is within {@code α} (relative) of every value in it. So a
 * percentile read from the histogram is within {@link #RELATIVE_ERROR} of the exact one, taken by
 * rank the same way (nearest rank): the element of the sorted values at rank {@code ceil(q·n)} lies
 * in the bin the histogram answers.
 *
 * <p>Stored as JSON: dense arrays of counts from a base bin on each side (the bins a distribution
 * fills are mostly contiguous), so a row is small and summing a month of rows is array addition.
 */
final class Histogram {

    static final double RELATIVE_ERROR = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Keys of {@link #bins()}: 0 for zero, {@code ±(OFFSET + i)} for the bin {@code i} of either side. */
    static final int OFFSET = 1_000_000;

    /** The bins of one sign: {@code counts[k]} values in the bin {@code base + k}. */
    static final class Side {
        public int base;
        public long[] counts = new long[0];

        long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        void merge(Side other, long sign) {
            if (other.counts.length == 0) {
                return;
            }
            int low = counts.length == 0 ? other.base : Math.min(base, other.base);
            int high = Math.max(counts.length == 0 ? Integer.MIN_VALUE : base + counts.length - 1,
                    other.base + other.counts.length - 1);
            if (counts.length == 0 || low != base || high != base + counts.length - 1) {
                long[] grown = new long[high - low + 1];
                if (counts.length > 0) {
                    System.arraycopy(counts, 0, grown, base - low, counts.length);
                }
                counts = grown;
                base = low;
            }
            for (int k = 0; k < other.counts.length; k++) {
                counts[other.base - base + k] += sign * other.counts[k];
            }
            trim();
        }

        /** Drops empty bins at both ends, so a row stays as small as its values. */
        private void trim() {
            int from = 0;
            int to = counts.length;
            while (from < to && counts[from] == 0) {
                from++;
            }
            while (to > from && counts[to - 1] == 0) {
                to--;
            }
            if (from > 0 || to < counts.length) {
                counts = Arrays.copyOfRange(counts, from, to);
                base = counts.length == 0 ? 0 : base + from;
            }
        }
    }

    public long zero;
    public Side pos = new Side();
    public Side neg = new Side();

    long count() {
        return zero + pos.count() + neg.count();
    }

    void add(double value, long times) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        var single = new Histogram();
        if (value == 0) {
            single.zero = times;
        } else {
            Side side = value > 0 ? single.pos : single.neg;
            side.base = index(Math.abs(value));
            side.counts = new long[] {times};
        }
        merge(single, 1);
    }

    void merge(Histogram other, long sign) {
        zero += sign * other.zero;
        pos.merge(other.pos, sign);
        neg.merge(other.neg, sign);
    }

    /**
     * The value at rank {@code ceil(q·n)} of the sorted values (nearest rank), within
     * {@link #RELATIVE_ERROR}; null when empty.
     */
    Double quantile(double q) {
        long n = count();
        if (n <= 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int k = neg.counts.length - 1; k >= 0; k--) {
            seen += neg.counts[k];
            if (seen >= rank) {
                return -representative(neg.base + k);
            }
        }
        seen += zero;
        if (seen >= rank) {
            return 0.0;
        }
        for (int k = 0; k < pos.counts.length; k++) {
            seen += pos.counts[k];
            if (seen >= rank) {
                return representative(pos.base + k);
            }
        }
        return pos.counts.length > 0 ? representative(pos.base + pos.counts.length - 1) : 0.0;
    }

    /** The bins that hold values, by key (see {@link #OFFSET}): for tests and comparisons. */
    Map<Integer, Long> bins() {
        Map<Integer, Long> bins = new TreeMap<>();
        if (zero != 0) {
            bins.put(0, zero);
        }
        for (int k = 0; k < pos.counts.length; k++) {
            if (pos.counts[k] != 0) {
                bins.put(OFFSET + pos.base + k, pos.counts[k]);
            }
        }
        for (int k = 0; k < neg.counts.length; k++) {
            if (neg.counts[k] != 0) {
                bins.put(-(OFFSET + neg.base + k), neg.counts[k]);
            }
        }
        return bins;
    }

    /** The key of the bin {@code value} falls into. */
    static int bin(double value) {
        if (value == 0) {
            return 0;
        }
        int key = OFFSET + index(Math.abs(value));
        return value > 0 ? key : -key;
    }

    /** The value the bin with this key stands for. */
    static double value(int bin) {
        if (bin == 0) {
            return 0;
        }
        double magnitude = representative(Math.abs(bin) - OFFSET);
        return bin > 0 ? magnitude : -magnitude;
    }

    /** The bin {@code i} with {@code γ^(i-1) < x ≤ γ^i}, exact at the boundaries. */
    static int index(double x) {
        int i = (int) Math.ceil(Math.log(x) / LOG_GAMMA);
        while (Math.pow(GAMMA, i - 1) >= x) {
            i--;
        }
        while (Math.pow(GAMMA, i) < x) {
            i++;
        }
        return i;
    }

    private static double representative(int i) {
        return 2 * Math.pow(GAMMA, i) / (GAMMA + 1);
    }
}
