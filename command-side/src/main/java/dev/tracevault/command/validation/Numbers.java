package dev.tracevault.command.validation;

import java.math.BigDecimal;

/**
 * A JSON number every reader can hold: finite as a double (what JavaScript, the SDKs and the
 * analytics read), not so small that a double turns it into 0 or loses its digits (it would not
 * read back as stored: {@code 1e-600} is refused rather than kept as {@code 0}), and with at most
 * {@value #MAX_DIGITS} significant digits. Holds for every number in every value, wherever it nests.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 40;
    private static final BigDecimal MAX = new BigDecimal(Double.MAX_VALUE);
    private static final BigDecimal MIN_NONZERO = new BigDecimal(Double.MIN_NORMAL);

    private Numbers() {
    }

    /** Why {@code number} cannot be stored, or null when it can. */
    public static String problem(BigDecimal number) {
        if (number.signum() == 0) {
            return null;
        }
        BigDecimal size = number.abs();
        if (size.compareTo(MAX) > 0) {
            return "number out of range: its size must be at most 1.7976931348623157e308 (a finite double)";
        }
        if (size.compareTo(MIN_NONZERO) < 0) {
            return "number out of range: a number other than 0 must be at least 2.2250738585072014e-308 in size"
                    + " (smaller ones read back as 0)";
        }
        if (number.stripTrailingZeros().precision() > MAX_DIGITS) {
            return "number has more than " + MAX_DIGITS + " significant digits";
        }
        return null;
    }
}
