package dev.tracevault.command.validation;

import java.math.BigDecimal;

/**
 * A count (token counts): a whole number from 0 to 2^53 − 1, the largest integer JavaScript and the
 * SDKs read exactly. {@code 12.0} is whole; {@code 1.5} and {@code -1} are not counts.
 */
public final class Counts {

    public static final BigDecimal MAX = BigDecimal.valueOf((1L << 53) - 1);

    private Counts() {
    }

    /** Why {@code count} is not a count, or null when it is. */
    public static String problem(BigDecimal count) {
        if (count.signum() != 0 && count.stripTrailingZeros().scale() > 0) {
            return "a whole number is expected";
        }
        if (count.signum() < 0) {
            return "must be 0 or more";
        }
        if (count.compareTo(MAX) > 0) {
            return "must be at most " + MAX.toPlainString();
        }
        return null;
    }
}
