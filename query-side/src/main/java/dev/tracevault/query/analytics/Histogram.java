package dev.tracevault.query.analytics;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed-bin histogram on a logarithmic scale that can be added to, subtracted from and merged,
 * so hourly rows can be kept up to date as logs change and summed into days.
 *
 * <p>A positive value {@code x} falls into bin {@code i} with {@code γ^(i-1) < x ≤ γ^i}, where
 * {@code γ = (1 + α) / (1 - α)} (bins about 2 % wide for {@code α = 1 %}); negative values into the
 * mirrored bins, zero into a bin of its own. A bin stands for {@code 2γ^i / (γ + 1)}, which is
 * within {@code α} (relative) of every value in it. So a percentile read from the histogram is
 * within {@link #RELATIVE_ERROR} of the exact one, taken by rank the same way (nearest rank): the
 * element of the sorted values at rank {@code ceil(q·n)} lies in the bin the histogram answers.
 *
 * <p>Bins are kept as {@code "p<i>"} (positive), {@code "n<i>"} (negative, the bin of {@code -x}) and
 * {@code "z"} (zero), mapped to how many values they hold.
 */
final class Histogram {

    static final double RELATIVE_ERROR = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    private static final double LOG_GAMMA = Math.log(GAMMA);

    /** Negative bins first (largest magnitude first), then zero, then positive bins ascending. */
    private static final Comparator<String> ORDER = Comparator.comparingDouble(Histogram::position);

    private final TreeMap<String, Long> bins = new TreeMap<>(ORDER);

    Histogram() {
    }

    Histogram(Map<String, Long> bins) {
        if (bins != null) {
            this.bins.putAll(bins);
        }
    }

    /** The bins, for storing. */
    Map<String, Long> bins() {
        return bins;
    }

    long count() {
        return bins.values().stream().mapToLong(Long::longValue).sum();
    }

    void add(double value, long times) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        String bin = bin(value);
        long now = bins.getOrDefault(bin, 0L) + times;
        if (now == 0) {
            bins.remove(bin);
        } else {
            bins.put(bin, now);
        }
    }

    void merge(Histogram other, long sign) {
        other.bins.forEach((bin, count) -> {
            long now = bins.getOrDefault(bin, 0L) + sign * count;
            if (now == 0) {
                bins.remove(bin);
            } else {
                bins.put(bin, now);
            }
        });
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
        for (var entry : bins.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return value(entry.getKey());
            }
        }
        return value(bins.lastKey());
    }

    static String bin(double value) {
        if (value == 0) {
            return "z";
        }
        return (value > 0 ? "p" : "n") + index(Math.abs(value));
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

    /** The value a bin stands for. */
    static double value(String bin) {
        if (bin.equals("z")) {
            return 0;
        }
        double magnitude = 2 * Math.pow(GAMMA, Integer.parseInt(bin.substring(1))) / (GAMMA + 1);
        return bin.charAt(0) == 'p' ? magnitude : -magnitude;
    }

    private static double position(String bin) {
        if (bin.equals("z")) {
            return 0;
        }
        double i = Integer.parseInt(bin.substring(1)) + 1e6; // bins go far below zero: keep them all positive
        return bin.charAt(0) == 'p' ? i : -i;
    }
}
