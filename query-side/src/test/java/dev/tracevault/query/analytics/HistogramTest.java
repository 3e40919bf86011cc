package dev.tracevault.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The histogram's percentiles stay within its documented relative error of the exact ones, and
 * subtracting is exact. Seeded random data: a failure names its seed, so it can be reproduced.
 */
class HistogramTest {

    /** Nearest rank, as the histogram defines it. */
    static double exact(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.max(1, Math.ceil(q * sorted.size()));
        return sorted.get(rank - 1);
    }

    static void assertWithinBound(double estimate, double exact, String what) {
        assertThat(Math.abs(estimate - exact)).as("%s: estimate %s of %s", what, estimate, exact)
                .isLessThanOrEqualTo(Histogram.RELATIVE_ERROR * Math.abs(exact) * (1 + 1e-9));
    }

    /** Values of many shapes: uniform, log-uniform over twelve orders of magnitude, ties, zeros, negatives. */
    static double value(Random random, int shape) {
        return switch (shape) {
            case 0 -> random.nextDouble() * 1e4;
            case 1 -> Math.pow(10, random.nextDouble() * 12 - 6);
            case 2 -> random.nextInt(5) * 250.0;
            default -> (random.nextBoolean() ? -1 : 1) * Math.pow(10, random.nextDouble() * 8 - 3)
                    * (random.nextInt(10) == 0 ? 0 : 1);
        };
    }

    @Test
    void percentilesAreWithinTheRelativeErrorBound() {
        for (long seed = 1; seed <= 500; seed++) {
            var random = new Random(seed);
            int shape = random.nextInt(4);
            List<Double> values = new ArrayList<>();
            var histogram = new Histogram();
            for (int i = 0, n = 1 + random.nextInt(400); i < n; i++) {
                double v = value(random, shape);
                values.add(v);
                histogram.add(v, 1);
            }
            for (double q : new double[] {0.01, 0.5, 0.95, 0.99, 1.0, random.nextDouble()}) {
                assertWithinBound(histogram.quantile(q), exact(values, q), "seed " + seed + ", q " + q);
            }
        }
    }

    @Test
    void subtractingValuesLeavesTheHistogramOfTheRest() {
        for (long seed = 1; seed <= 200; seed++) {
            var random = new Random(seed);
            List<Double> values = new ArrayList<>();
            for (int i = 0, n = 2 + random.nextInt(200); i < n; i++) {
                values.add(value(random, random.nextInt(4)));
            }
            int kept = 1 + random.nextInt(values.size() - 1);
            var all = new Histogram();
            values.forEach(v -> all.add(v, 1));
            var removed = new Histogram();
            values.subList(kept, values.size()).forEach(v -> removed.add(v, 1));
            all.merge(removed, -1);
            var rest = new Histogram();
            values.subList(0, kept).forEach(v -> rest.add(v, 1));
            assertThat(all.bins()).as("seed %d", seed).isEqualTo(rest.bins());
            assertThat(all.count()).isEqualTo(kept);
        }
    }

    @Test
    void theBoundHoldsAtBinBoundariesAndTinyValues() {
        double gamma = (1 + Histogram.RELATIVE_ERROR) / (1 - Histogram.RELATIVE_ERROR);
        for (int i = -2000; i <= 2000; i += 7) {
            double boundary = Math.pow(gamma, i);
            for (double x : new double[] {boundary, Math.nextUp(boundary), Math.nextDown(boundary)}) {
                assertWithinBound(Histogram.value(Histogram.bin(x)), x, "bin of " + x);
                assertWithinBound(Histogram.value(Histogram.bin(-x)), -x, "bin of " + -x);
            }
        }
        assertThat(Histogram.value(Histogram.bin(0))).isZero();
        assertThat(new Histogram().quantile(0.5)).isNull();
    }

    @Test
    void binsAreAboutTwoPercentWide() {
        assertThat(Histogram.value(Histogram.OFFSET + 1) / Histogram.value(Histogram.OFFSET)).isBetween(1.019, 1.021);
    }

    @Test
    void aWrongEstimateWouldBeCaught() {
        // the check itself can fail: 2 % off is outside the bound
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertWithinBound(102, 100, "off by 2 %"))
                .isInstanceOf(AssertionError.class);
    }
}
