package dev.tracevault.command.file;

import dev.tracevault.command.log.ChatMessages;
import dev.tracevault.command.log.LogRequests;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.validation.KernelFields;
import dev.tracevault.problems.FieldProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an evaluator {@code spec} (spec §2.4): the four {@code evaluator_type}s with their own
 * fields, the five return types, and the options and number limits that go with them. Checks that
 * apply: {@code options} are non-empty, distinctly named and only on boolean, select and
 * multi_select (required on the select types); {@code number_limits} and {@code number_valence}
 * only on number, with min ≤ max and step > 0; a python spec has code defining
 * {@code evaluate}; an llm prompt, if any, names its model. Unknown fields are kept.
 */
public final class EvaluatorSpecs {

    static final Set<String> EVALUATOR_TYPES = Set.of("python", "llm", "human", "external");
    static final Set<String> ARGUMENTS_TYPES = Set.of("target_free", "target_required");
    static final Set<String> RETURN_TYPES = Set.of("boolean", "number", "select", "multi_select", "text");
    static final Set<String> VALENCES = Set.of("positive", "negative", "neutral");
    private static final Pattern DEFINES_EVALUATE = Pattern.compile("(?m)^\\s*(async\\s+)?def\\s+evaluate\\s*\\(");

    private EvaluatorSpecs() {
    }

    /** The spec at {@code field}, or null if absent; problems go to the body. */
    public static Map<String, Object> read(JsonBody body, String field) {
        Map<String, Object> spec = LogRequests.kernelObject(body, field);
        if (spec == null) {
            return null;
        }
        spec.values().removeIf(v -> v == null);
        List<FieldProblem> problems = new ArrayList<>();
        check(spec, List.of("body", field), problems);
        var prompt = body.root().get(field).get("prompt");
        if ("llm".equals(spec.get("evaluator_type")) && prompt != null && prompt.isObject()) {
            problems.addAll(KernelFields.prompt(prompt, List.of("body", field, "prompt"), ChatMessages.in(body)::check));
        }
        problems.forEach(body::add);
        return problems.isEmpty() ? spec : null;
    }

    public static void check(Map<String, Object> spec, List<Object> loc, List<FieldProblem> problems) {
        String evaluatorType = oneOf(spec, "evaluator_type", EVALUATOR_TYPES, loc, problems);
        oneOf(spec, "arguments_type", ARGUMENTS_TYPES, loc, problems);
        String returnType = oneOf(spec, "return_type", RETURN_TYPES, loc, problems);
        if (spec.containsKey("attributes") && !(spec.get("attributes") instanceof Map)) {
            problems.add(new FieldProblem(at(loc, "attributes"), "value is not a valid dict", "type_error.dict"));
        }
        if ("python".equals(evaluatorType)) {
            Object code = spec.get("code");
            if (!(code instanceof String text) || text.isBlank()) {
                problems.add(new FieldProblem(at(loc, "code"), code == null ? "field required"
                        : "a python evaluator needs its code as a non-empty string", code == null
                        ? "value_error.missing" : "type_error.str"));
            } else if (!DEFINES_EVALUATE.matcher(text).find()) {
                problems.add(new FieldProblem(at(loc, "code"), "the code must define a function evaluate(log)"
                        + " (or evaluate(log, testcase))", "value_error.code"));
            }
        }
        if ("llm".equals(evaluatorType) && spec.containsKey("prompt")) {
            if (!(spec.get("prompt") instanceof Map<?, ?> prompt)) {
                problems.add(new FieldProblem(at(loc, "prompt"), "value is not a valid dict", "type_error.dict"));
            } else if (!(prompt.get("model") instanceof String)) {
                problems.add(new FieldProblem(at(at(loc, "prompt"), "model"), "field required",
                        "value_error.missing"));
            }
        }
        if ("human".equals(evaluatorType) && spec.containsKey("instructions")
                && !(spec.get("instructions") instanceof String)) {
            problems.add(new FieldProblem(at(loc, "instructions"), "str type expected", "type_error.str"));
        }
        if (returnType != null) {
            options(spec, returnType, loc, problems);
            numbers(spec, returnType, loc, problems);
        }
    }

    private static void options(Map<String, Object> spec, String returnType, List<Object> loc,
                                List<FieldProblem> problems) {
        boolean selects = returnType.equals("select") || returnType.equals("multi_select");
        Object options = spec.get("options");
        if (options == null) {
            if (selects) {
                problems.add(new FieldProblem(at(loc, "options"), "a " + returnType
                        + " evaluator needs its options", "value_error.missing"));
            }
            return;
        }
        if (!selects && !returnType.equals("boolean")) {
            problems.add(new FieldProblem(at(loc, "options"), "options apply to boolean, select and multi_select"
                    + " evaluators, not to " + returnType, "value_error.options"));
            return;
        }
        if (!(options instanceof List<?> list) || list.isEmpty()) {
            problems.add(new FieldProblem(at(loc, "options"), "options must be a non-empty list",
                    "type_error.list"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            List<Object> here = at(at(loc, "options"), i);
            if (!(list.get(i) instanceof Map<?, ?> option)) {
                problems.add(new FieldProblem(here, "value is not a valid dict", "type_error.dict"));
                continue;
            }
            if (!(option.get("name") instanceof String name) || name.isBlank()) {
                problems.add(new FieldProblem(at(here, "name"), "an option needs a non-empty name",
                        "value_error.missing"));
            } else if (!names.add(name)) {
                problems.add(new FieldProblem(at(here, "name"), "option '" + name + "' is listed twice",
                        "value_error.duplicate"));
            }
            Object valence = option.get("valence");
            if (valence != null && !VALENCES.contains(valence)) {
                problems.add(new FieldProblem(at(here, "valence"), "value is not a valid enumeration member;"
                        + " permitted: negative, neutral, positive", "type_error.enum"));
            }
        }
    }

    private static void numbers(Map<String, Object> spec, String returnType, List<Object> loc,
                                List<FieldProblem> problems) {
        boolean number = returnType.equals("number");
        for (String field : List.of("number_limits", "number_valence")) {
            if (spec.containsKey(field) && !number) {
                problems.add(new FieldProblem(at(loc, field), field + " applies to number evaluators only",
                        "value_error." + field));
            }
        }
        if (!number) {
            return;
        }
        Object valence = spec.get("number_valence");
        if (valence != null && !VALENCES.contains(valence)) {
            problems.add(new FieldProblem(at(loc, "number_valence"), "value is not a valid enumeration member;"
                    + " permitted: negative, neutral, positive", "type_error.enum"));
        }
        Object limits = spec.get("number_limits");
        if (limits == null) {
            return;
        }
        if (!(limits instanceof Map<?, ?> map)) {
            problems.add(new FieldProblem(at(loc, "number_limits"), "value is not a valid dict", "type_error.dict"));
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String key : List.of("min", "max", "step")) {
            Object value = map.get(key);
            if (value == null) {
                continue;
            }
            if (!(value instanceof Number n) || value instanceof Boolean) {
                problems.add(new FieldProblem(at(at(loc, "number_limits"), key), "value is not a valid number",
                        "type_error.number"));
            } else {
                values.put(key, n.doubleValue());
            }
        }
        if (values.containsKey("min") && values.containsKey("max") && values.get("min") > values.get("max")) {
            problems.add(new FieldProblem(at(loc, "number_limits"), "min must not be greater than max",
                    "value_error.number_limits"));
        }
        if (values.containsKey("step") && values.get("step") <= 0) {
            problems.add(new FieldProblem(at(at(loc, "number_limits"), "step"), "step must be greater than 0",
                    "value_error.number_limits"));
        }
    }

    private static String oneOf(Map<String, Object> spec, String field, Set<String> allowed, List<Object> loc,
                                List<FieldProblem> problems) {
        Object value = spec.get(field);
        if (value == null) {
            problems.add(new FieldProblem(at(loc, field), "field required", "value_error.missing"));
            return null;
        }
        if (!(value instanceof String s) || !allowed.contains(s)) {
            problems.add(new FieldProblem(at(loc, field), "value is not a valid enumeration member; permitted: "
                    + String.join(", ", allowed.stream().sorted().toList()), "type_error.enum"));
            return null;
        }
        return s;
    }

    private static List<Object> at(List<Object> loc, Object next) {
        List<Object> path = new ArrayList<>(loc);
        path.add(next);
        return path;
    }
}
