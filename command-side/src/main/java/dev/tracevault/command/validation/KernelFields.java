package dev.tracevault.command.validation;

import dev.tracevault.problems.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The kernel fields typed as the API document says (spec §2.3, {@code PromptKernelRequest} and
 * {@code ToolKernelRequest}): a Prompt's settings are numbers, its {@code endpoint},
 * {@code provider}, {@code template_language} and {@code reasoning_effort} members of their
 * enumerations, and so on; a tool function has a name and a description. The SDKs parse the
 * versions they read back strictly, so a value they reject must not be stored. Fields the document
 * does not name are kept as sent; {@code null} means absent. Whether {@code model} is required
 * depends on the request and is not decided here.
 */
public final class KernelFields {

    public static final Set<String> ENDPOINTS = Set.of("complete", "chat", "edit");
    public static final Set<String> PROVIDERS = Set.of("openai", "openai_azure", "mock", "anthropic", "bedrock",
            "cohere", "replicate", "google", "groq", "deepseek");
    public static final Set<String> TEMPLATE_LANGUAGES = Set.of("default", "jinja");
    public static final Set<String> REASONING_EFFORTS = Set.of("high", "medium", "low");
    public static final Set<String> RESPONSE_FORMATS = Set.of("json_object", "json_schema");
    private static final List<String> PROMPT_NUMBERS = List.of("max_tokens", "temperature", "top_p",
            "presence_penalty", "frequency_penalty", "seed");
    private static final Map<String, Set<String>> PROMPT_ENUMS = Map.of("endpoint", ENDPOINTS, "provider", PROVIDERS,
            "template_language", TEMPLATE_LANGUAGES, "reasoning_effort", REASONING_EFFORTS);

    /** Checks a list of chat messages found at {@code loc} (the request reader's own rules). */
    @FunctionalInterface
    public interface MessagesCheck {
        void check(JsonNode messages, List<Object> loc);
    }

    private KernelFields() {
    }

    /** The problems of a Prompt kernel {@code kernel} found at {@code loc}; template messages go to {@code messages}. */
    public static List<FieldProblem> prompt(JsonNode kernel, List<Object> loc, MessagesCheck messages) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!kernel.isObject()) {
            problems.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
            return problems;
        }
        JsonNode model = given(kernel, "model");
        if (model != null && !model.isString()) {
            problems.add(new FieldProblem(at(loc, "model"), "str type expected", "type_error.str"));
        }
        for (String field : PROMPT_NUMBERS) {
            JsonNode value = given(kernel, field);
            if (value != null && !value.isNumber()) {
                problems.add(new FieldProblem(at(loc, field), "value is not a valid number", "type_error.number"));
            }
        }
        PROMPT_ENUMS.forEach((field, allowed) -> oneOf(kernel, field, allowed, loc, problems));
        JsonNode template = given(kernel, "template");
        if (template != null) {
            if (template.isArray()) {
                messages.check(template, at(loc, "template"));
            } else if (!template.isString()) {
                problems.add(new FieldProblem(at(loc, "template"),
                        "template must be a string or a list of chat messages", "type_error"));
            }
        }
        JsonNode stop = given(kernel, "stop");
        if (stop != null && !stop.isString() && !(stop.isArray() && allStrings(stop))) {
            problems.add(new FieldProblem(at(loc, "stop"), "stop must be a string or a list of strings", "type_error"));
        }
        for (String field : List.of("other", "attributes")) {
            JsonNode value = given(kernel, field);
            if (value != null && !value.isObject()) {
                problems.add(new FieldProblem(at(loc, field), "value is not a valid dict", "type_error.dict"));
            }
        }
        JsonNode format = given(kernel, "response_format");
        if (format != null) {
            List<Object> at = at(loc, "response_format");
            if (!format.isObject()) {
                problems.add(new FieldProblem(at, "value is not a valid dict", "type_error.dict"));
            } else {
                JsonNode type = given(format, "type");
                if (type == null) {
                    problems.add(new FieldProblem(at(at, "type"), "field required", "value_error.missing"));
                } else {
                    oneOf(format, "type", RESPONSE_FORMATS, at, problems);
                }
                JsonNode schema = given(format, "json_schema");
                if (schema != null && !schema.isObject()) {
                    problems.add(new FieldProblem(at(at, "json_schema"), "value is not a valid dict",
                            "type_error.dict"));
                }
            }
        }
        JsonNode tools = given(kernel, "tools");
        if (tools != null) {
            if (!tools.isArray()) {
                problems.add(new FieldProblem(at(loc, "tools"), "value is not a valid list", "type_error.list"));
            } else {
                int i = 0;
                for (JsonNode tool : tools.values()) {
                    problems.addAll(toolFunction(tool, at(at(loc, "tools"), i++)));
                }
            }
        }
        JsonNode linked = given(kernel, "linked_tools");
        if (linked != null && !(linked.isArray() && allStrings(linked))) {
            problems.add(new FieldProblem(at(loc, "linked_tools"), "a list of strings is expected", "type_error.list"));
        }
        return problems;
    }

    /** The problems of a Tool kernel {@code kernel} found at {@code loc}. */
    public static List<FieldProblem> tool(JsonNode kernel, List<Object> loc) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!kernel.isObject()) {
            problems.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
            return problems;
        }
        JsonNode function = given(kernel, "function");
        if (function != null) {
            problems.addAll(toolFunction(function, at(loc, "function")));
        }
        JsonNode source = given(kernel, "source_code");
        if (source != null && !source.isString()) {
            problems.add(new FieldProblem(at(loc, "source_code"), "str type expected", "type_error.str"));
        }
        for (String field : List.of("setup_values", "attributes")) {
            JsonNode value = given(kernel, field);
            if (value != null && !value.isObject()) {
                problems.add(new FieldProblem(at(loc, field), "value is not a valid dict", "type_error.dict"));
            }
        }
        return problems;
    }

    /** A {@code ToolFunction}: {@code name} and {@code description} strings, {@code strict} boolean, {@code parameters} object. */
    public static List<FieldProblem> toolFunction(JsonNode function, List<Object> loc) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!function.isObject()) {
            problems.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
            return problems;
        }
        for (String field : List.of("name", "description")) {
            JsonNode value = given(function, field);
            if (value == null || !value.isString()) {
                problems.add(new FieldProblem(at(loc, field), "field required (string)", "value_error.missing"));
            }
        }
        JsonNode strict = given(function, "strict");
        if (strict != null && !strict.isBoolean()) {
            problems.add(new FieldProblem(at(loc, "strict"), "value could not be parsed to a boolean", "type_error.bool"));
        }
        JsonNode parameters = given(function, "parameters");
        if (parameters != null && !parameters.isObject()) {
            problems.add(new FieldProblem(at(loc, "parameters"), "value is not a valid dict", "type_error.dict"));
        }
        return problems;
    }

    private static void oneOf(JsonNode parent, String field, Set<String> allowed, List<Object> loc,
                              List<FieldProblem> problems) {
        JsonNode value = given(parent, field);
        if (value != null && !(value.isString() && allowed.contains(value.stringValue()))) {
            problems.add(new FieldProblem(at(loc, field), "value is not a valid enumeration member; permitted: "
                    + String.join(", ", allowed.stream().sorted().toList()), "type_error.enum"));
        }
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode item : array.values()) {
            if (!item.isString()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode given(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static List<Object> at(List<Object> loc, Object next) {
        List<Object> copy = new ArrayList<>(loc);
        copy.add(next);
        return copy;
    }
}
