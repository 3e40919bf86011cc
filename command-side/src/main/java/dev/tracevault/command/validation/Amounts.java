package dev.tracevault.command.validation;

import java.math.BigDecimal;

/**
 * An amount the stats add up exactly (costs, latencies, numeric judgments): at most
 * {@code 1e15} in size with at most {@value #MAX_DECIMALS} decimal places, so any sum of them keeps
 * few enough digits to store and read back. Costs and latencies are also 0 or more.
 */
public final class Amounts {

    public static final int MAX_DECIMALS = 18;
    public static final BigDecimal MAX = new BigDecimal("1e15");

    private Amounts() {
    }

    /** Why {@code amount} is not a cost or latency (0 or more), or null when it is. */
    public static String problem(BigDecimal amount) {
        if (amount.signum() < 0) {
            return "must be 0 or more";
        }
        return signedProblem(amount);
    }

    /** Why {@code amount} cannot be summed (of either sign), or null when it can. */
    public static String signedProblem(BigDecimal amount) {
        if (amount.abs().compareTo(MAX) > 0) {
            return "must be at most 1e15 in size";
        }
        if (amount.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return "must have at most " + MAX_DECIMALS + " decimal places";
        }
        return null;
    }
}
