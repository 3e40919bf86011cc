package dev.tracevault.command.evaluation.run;

import dev.tracevault.command.validation.Amounts;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a judgment fits an evaluator's return type (spec §2.4): {@code boolean} → true/false,
 * {@code number} → a number inside {@code number_limits}, {@code select} → one option name,
 * {@code multi_select} → a list of distinct option names, {@code text} → a string. {@code null}
 * withdraws a judgment (spec §4.7) and fits every type.
 */
public final class Judgments {

    private Judgments() {
    }

    /** Why {@code judgment} does not fit {@code spec}'s return type, or null when it fits. */
    public static String problem(Map<String, Object> spec, Object judgment) {
        if (judgment == null) {
            return null;
        }
        String returnType = String.valueOf(spec.get("return_type"));
        return switch (returnType) {
            case "boolean" -> judgment instanceof Boolean ? null : "a boolean evaluator must return true or false, not "
                    + describe(judgment);
            case "number" -> number(spec, judgment);
            case "text" -> judgment instanceof String ? null : "a text evaluator must return a string, not "
                    + describe(judgment);
            case "select" -> judgment instanceof String s ? option(spec, s)
                    : "a select evaluator must return one option name, not " + describe(judgment);
            case "multi_select" -> multi(spec, judgment);
            default -> "unknown return_type '" + returnType + "'";
        };
    }

    private static String number(Map<String, Object> spec, Object judgment) {
        if (!(judgment instanceof Number n) || judgment instanceof Boolean) {
            return "a number evaluator must return a number, not " + describe(judgment);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return "a number evaluator must return a finite number, not " + n;
        }
        String amount = Amounts.signedProblem(value);
        if (amount != null) {
            return "a number judgment " + amount;
        }
        if (spec.get("number_limits") instanceof Map<?, ?> limits) {
            if (limits.get("min") instanceof Number min && value.compareTo(new BigDecimal(min.toString())) < 0) {
                return "judgment " + n + " is below number_limits.min " + min;
            }
            if (limits.get("max") instanceof Number max && value.compareTo(new BigDecimal(max.toString())) > 0) {
                return "judgment " + n + " is above number_limits.max " + max;
            }
        }
        return null;
    }

    private static String multi(Map<String, Object> spec, Object judgment) {
        if (!(judgment instanceof List<?> list)) {
            return "a multi_select evaluator must return a list of option names, not " + describe(judgment);
        }
        Set<Object> seen = new HashSet<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return "a multi_select evaluator must return a list of option names, not a list holding "
                        + describe(item);
            }
            String problem = option(spec, s);
            if (problem != null) {
                return problem;
            }
            if (!seen.add(s)) {
                return "option '" + s + "' is chosen twice";
            }
        }
        return null;
    }

    private static String option(Map<String, Object> spec, String name) {
        if (!(spec.get("options") instanceof List<?> options) || options.isEmpty()) {
            return null;
        }
        boolean known = options.stream()
                .anyMatch(o -> o instanceof Map<?, ?> m && Objects.equals(m.get("name"), name));
        return known ? null : "'" + name + "' is not one of the evaluator's options";
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Boolean b -> "the boolean " + b;
            case Number n -> "the number " + n;
            case String s -> "a string";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }
}
