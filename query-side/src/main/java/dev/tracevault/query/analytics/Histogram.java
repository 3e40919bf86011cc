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

    public long zero;
    public int posBase;
    public long[] pos = new long[0];
    public int negBase;
    public long[] neg = new long[0];

    long count() {
        long n = zero;
        for (long c : pos) {
            n += c;
        }
        for (long c : neg) {
            n += c;
        }
        return n;
    }

    void add(double value, long times) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        var single = new Histogram();
        if (value == 0) {
            single.zero = times;
        } else if (value > 0) {
            single.posBase = index(value);
            single.pos = new long[] {times};
        } else {
            single.negBase = index(-value);
            single.neg = new long[] {times};
        }
        merge(single, 1);
    }

    void merge(Histogram other, long sign) {
        zero += sign * other.zero;
        if (other.pos.length > 0) {
            int low = other.posBase;
            int high = other.posBase + other.pos.length - 1;
            int base = pos.length == 0 ? low : Math.min(posBase, low);
            pos = grow(pos, posBase, low, high);
            posBase = base;
            for (int k = 0; k < other.pos.length; k++) {
                pos[low - posBase + k] += sign * other.pos[k];
            }
            trimPositive();
        }
        if (other.neg.length > 0) {
            int low = other.negBase;
            int high = other.negBase + other.neg.length - 1;
            int base = neg.length == 0 ? low : Math.min(negBase, low);
            neg = grow(neg, negBase, low, high);
            negBase = base;
            for (int k = 0; k < other.neg.length; k++) {
                neg[low - negBase + k] += sign * other.neg[k];
            }
            trimNegative();
        }
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
        for (int k = neg.length - 1; k >= 0; k--) {
            seen += neg[k];
            if (seen >= rank) {
                return -representative(negBase + k);
            }
        }
        seen += zero;
        if (seen >= rank) {
            return 0.0;
        }
        for (int k = 0; k < pos.length; k++) {
            seen += pos[k];
            if (seen >= rank) {
                return representative(posBase + k);
            }
        }
        return pos.length > 0 ? representative(posBase + pos.length - 1) : 0.0;
    }

    /** The bins that hold values, by key (see {@link #OFFSET}): for tests and comparisons. */
    Map<Integer, Long> bins() {
        Map<Integer, Long> bins = new TreeMap<>();
        if (zero != 0) {
            bins.put(0, zero);
        }
        for (int k = 0; k < pos.length; k++) {
            if (pos[k] != 0) {
                bins.put(OFFSET + posBase + k, pos[k]);
            }
        }
        for (int k = 0; k < neg.length; k++) {
            if (neg[k] != 0) {
                bins.put(-(OFFSET + negBase + k), neg[k]);
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

    /** {@code counts} (from {@code base}) widened to cover the bins {@code low..high}; the new base is min(base, low). */
    private static long[] grow(long[] counts, int base, int low, int high) {
        if (counts.length == 0) {
            return new long[high - low + 1];
        }
        int newBase = Math.min(base, low);
        int newHigh = Math.max(base + counts.length - 1, high);
        if (newBase == base && newHigh == base + counts.length - 1) {
            return counts;
        }
        long[] grown = new long[newHigh - newBase + 1];
        System.arraycopy(counts, 0, grown, base - newBase, counts.length);
        return grown;
    }

    private void trimPositive() {
        int from = 0;
        int to = pos.length;
        while (from < to && pos[from] == 0) {
            from++;
        }
        while (to > from && pos[to - 1] == 0) {
            to--;
        }
        if (from > 0 || to < pos.length) {
            pos = Arrays.copyOfRange(pos, from, to);
            posBase = pos.length == 0 ? 0 : posBase + from;
        }
    }

    private void trimNegative() {
        int from = 0;
        int to = neg.length;
        while (from < to && neg[from] == 0) {
            from++;
        }
        while (to > from && neg[to - 1] == 0) {
            to--;
        }
        if (from > 0 || to < neg.length) {
            neg = Arrays.copyOfRange(neg, from, to);
            negBase = neg.length == 0 ? 0 : negBase + from;
        }
    }
}
