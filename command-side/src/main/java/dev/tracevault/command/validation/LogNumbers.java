package dev.tracevault.command.validation;

import dev.tracevault.events.promptlog.PromptDetail;
import java.math.BigDecimal;

/**
 * The numbers of a log the stats add up, by wire name: token counts are {@link Counts}; costs and
 * {@code provider_latency} are {@link Amounts} (0 or more). The same rule for a create, a PATCH, a
 * span's attributes and an imported event.
 */
public final class LogNumbers {

    public static final String PROVIDER_LATENCY = "provider_latency";

    private LogNumbers() {
    }

    /** Why {@code value} cannot be the log field {@code field}, or null when it can (or the field has no rule). */
    public static String problem(String field, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (PromptDetail.tokens().contains(field)) {
            return Counts.problem(value);
        }
        if (PromptDetail.costs().contains(field) || PROVIDER_LATENCY.equals(field)) {
            return Amounts.problem(value);
        }
        return null;
    }

    /** {@link #problem(String, BigDecimal)} of any stored value: a number, or something that is not one. */
    public static String problem(String field, Object value) {
        if (value instanceof BigDecimal decimal) {
            return problem(field, decimal);
        }
        if (value instanceof Number number && (PromptDetail.tokens().contains(field)
                || PromptDetail.costs().contains(field) || PROVIDER_LATENCY.equals(field))) {
            return problem(field, new BigDecimal(number.toString()));
        }
        return null;
    }
}
