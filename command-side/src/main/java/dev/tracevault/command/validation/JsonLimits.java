package dev.tracevault.command.validation;

import dev.tracevault.problems.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The limits every JSON value the server accepts must keep, whichever way it enters (a REST body,
 * a body built from an OTLP span, an imported event): nesting depth, well-formed strings and numbers
 * every reader can hold ({@link Numbers}). One
 * place, so that the stored event, its export line, its history and its read-model document, each of
 * which wraps the value a few levels deeper, stay within what the JSON readers and writers accept
 * (Jackson refuses nesting past 500 levels).
 */
public final class JsonLimits {

    /** The deepest a value may nest (objects and arrays), leaving 300 levels for every wrapper. */
    public static final int MAX_DEPTH = 200;

    private JsonLimits() {
    }

    /**
     * The problems of {@code node}, which sits at {@code loc}: a value nested more than
     * {@code maxDepth} levels deep (objects and arrays; {@code {}} is one level), counted from the
     * field {@code fieldDepth} levels below {@code node} and named by it ({@code ["body", "inputs"]}
     * for a request body at {@code ["body"]} and {@code fieldDepth} 1); and strings or keys with an
     * unpaired surrogate (they cannot be written back as UTF-8, so storing them would change them);
     * and numbers out of {@link Numbers}' range.
     */
    public static List<FieldProblem> problems(JsonNode node, List<Object> loc, int fieldDepth, int maxDepth) {
        List<FieldProblem> problems = new ArrayList<>();
        try {
            new Walk(loc.size(), fieldDepth, maxDepth, problems).walk(node, new ArrayList<>(loc), 0);
        } catch (TooDeep reported) {
            // fieldDepth 0: the node itself was the field, and it is reported
        }
        return problems;
    }

    /** {@link #problems(JsonNode, List, int, int)} of a request body at {@code ["body"]}, by its fields. */
    public static List<FieldProblem> bodyProblems(JsonNode body) {
        return problems(body, List.of("body"), 1, MAX_DEPTH);
    }

    private record Walk(int base, int fieldDepth, int maxDepth, List<FieldProblem> problems) {

        void walk(JsonNode node, List<Object> loc, int depth) {
            if (node.isString()) {
                if (hasLoneSurrogate(node.stringValue())) {
                    problems.add(new FieldProblem(List.copyOf(loc), "string contains an unpaired surrogate",
                            "value_error.str.surrogate"));
                }
                return;
            }
            if (node.isNumber()) {
                String problem = numberProblem(node);
                if (problem != null) {
                    problems.add(new FieldProblem(List.copyOf(loc), problem, "value_error.number.range"));
                }
                return;
            }
            if (!node.isContainer()) {
                return;
            }
            if (depth >= fieldDepth && depth - fieldDepth + 1 > maxDepth) {
                problems.add(new FieldProblem(List.copyOf(loc.subList(0, base + fieldDepth)),
                        "nested deeper than " + maxDepth + " levels", "value_error.json.depth"));
                throw new TooDeep();
            }
            if (node.isObject()) {
                for (var entry : node.properties()) {
                    loc.add(entry.getKey());
                    if (hasLoneSurrogate(entry.getKey())) {
                        problems.add(new FieldProblem(List.copyOf(loc), "key contains an unpaired surrogate",
                                "value_error.str.surrogate"));
                    }
                    walkField(entry.getValue(), loc, depth);
                    loc.removeLast();
                }
            } else {
                int i = 0;
                for (JsonNode item : node.values()) {
                    loc.add(i++);
                    walkField(item, loc, depth);
                    loc.removeLast();
                }
            }
        }

        /** Walks a child; a field found too deep is reported once, and its value no further. */
        private void walkField(JsonNode child, List<Object> loc, int depth) {
            if (depth + 1 == fieldDepth) {
                try {
                    walk(child, loc, depth + 1);
                } catch (TooDeep reported) {
                    loc.subList(base + fieldDepth, loc.size()).clear();
                }
            } else {
                walk(child, loc, depth + 1);
            }
        }
    }

    /** Unwinds the walk of one field once its depth is reported. */
    private static final class TooDeep extends RuntimeException {

        TooDeep() {
            super(null, null, false, false);
        }
    }

    /** Why a JSON number cannot be stored ({@link Numbers}), or null when it can. */
    public static String numberProblem(JsonNode number) {
        if (number.isInt() || number.isLong() || number.isShort()) {
            return null;
        }
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return "number out of range: not finite";
        }
        return Numbers.problem(number.decimalValue());
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
