package dev.tracevault.command.otel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes the Humanloop SDK's decorators write on their spans (its {@code otel/} and
 * {@code decorators/} code): {@code humanloop.file.type} and {@code humanloop.file.path}, the file's
 * kernel flattened under {@code humanloop.file.*}, and the log's fields under {@code humanloop.log.*}.
 * The exporter sends every value as a string (numbers too) and arrays inside objects as their
 * comma-joined text; this reads them back into the types the REST API takes.
 */
final class HumanloopSpans {

    static final String FILE_TYPE = "humanloop.file.type";
    static final String PATH = "humanloop.file.path";
    static final String FILE = "humanloop.file";
    static final String LOG = "humanloop.log";
    /** Written by the SDK, meaningful to no log. */
    static final String FLOW_PREREQUISITES = "humanloop.flow.prerequisites";

    private enum Type { STRING, NUMBER, BOOLEAN, OBJECT, MESSAGES, MESSAGE, ANY }

    /** The log fields a span may carry, by wire name, and how each is read. */
    private static final Map<String, Type> LOG_FIELDS = fields(
            "id", Type.STRING, "log_id", Type.STRING, "output", Type.STRING, "error", Type.STRING,
            "stdout", Type.STRING, "source", Type.STRING, "user", Type.STRING, "environment", Type.STRING,
            "finish_reason", Type.STRING, "log_status", Type.STRING, "trace_parent_id", Type.STRING,
            "source_datapoint_id", Type.STRING, "run_id", Type.STRING, "start_time", Type.STRING,
            "end_time", Type.STRING, "created_at", Type.STRING,
            "provider_latency", Type.NUMBER, "prompt_tokens", Type.NUMBER, "reasoning_tokens", Type.NUMBER,
            "output_tokens", Type.NUMBER, "prompt_cost", Type.NUMBER, "output_cost", Type.NUMBER,
            "save", Type.BOOLEAN,
            "inputs", Type.OBJECT, "metadata", Type.OBJECT, "provider_request", Type.OBJECT,
            "provider_response", Type.OBJECT,
            "messages", Type.MESSAGES, "output_message", Type.MESSAGE, "tool_choice", Type.ANY);

    /** camelCase names the SDK writes in some paths (its evaluation context does), to wire names. */
    private static final Map<String, String> ALIASES = Map.of(
            "sourceDatapointId", "source_datapoint_id", "runId", "run_id", "traceParentId", "trace_parent_id",
            "logStatus", "log_status", "outputMessage", "output_message", "logId", "log_id");

    private static final Set<String> PROMPT_NUMBERS = Set.of("max_tokens", "temperature", "top_p", "presence_penalty",
            "frequency_penalty", "seed");
    private static final Set<String> SCHEMA_BOOLEANS = Set.of("strict", "additionalProperties", "uniqueItems",
            "nullable");
    private static final Set<String> SCHEMA_NUMBERS = Set.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties");
    private static final Set<String> SCHEMA_LISTS = Set.of("required", "enum");

    private HumanloopSpans() {
    }

    private static Map<String, Type> fields(Object... pairs) {
        Map<String, Type> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Type) pairs[i + 1]);
        }
        return map;
    }

    /** Whether the span was written by a Humanloop decorator (or names its file the same way). */
    static boolean present(SpanAttributes attributes) {
        return attributes.has(FILE_TYPE) || attributes.has(PATH) || attributes.hasTree(LOG)
                || attributes.hasTree(FILE);
    }

    /**
     * The log fields under {@code humanloop.log.*}, typed as the REST request bodies have them.
     * Fields the API does not know are left out, as REST bodies' unknown keys are.
     */
    static Map<String, Object> logFields(SpanAttributes attributes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!(attributes.tree(LOG, true) instanceof Map<?, ?> tree)) {
            if (attributes.hasTree(LOG)) {
                attributes.problem(LOG, "humanloop.log.* must name fields, not list items");
            }
            return fields;
        }
        for (var entry : tree.entrySet()) {
            String name = ALIASES.getOrDefault((String) entry.getKey(), (String) entry.getKey());
            Type type = LOG_FIELDS.get(name);
            if (type == null) {
                continue;
            }
            Object value = read(attributes, LOG + "." + entry.getKey(), entry.getValue(), type);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return fields;
    }

    private static Object read(SpanAttributes attributes, String key, Object value, Type type) {
        return switch (type) {
            case STRING -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    yield value.toString();
                }
                attributes.problem(key, "a string is expected");
                yield null;
            }
            case NUMBER -> {
                BigDecimal number = SpanAttributes.toNumber(value);
                if (number == null) {
                    attributes.problem(key, "a number is expected");
                }
                yield number;
            }
            case BOOLEAN -> {
                Object bool = bool(value);
                if (!(bool instanceof Boolean)) {
                    attributes.problem(key, "true or false is expected");
                    yield null;
                }
                yield bool;
            }
            case OBJECT, MESSAGE -> {
                Object parsed = value instanceof String text ? Json.parseOrNull(text) : value;
                if (!(parsed instanceof Map<?, ?>)) {
                    attributes.problem(key, "attributes under '" + key + "' (or a JSON object) are expected");
                    yield null;
                }
                yield parsed;
            }
            case MESSAGES -> {
                Object parsed = value instanceof String text ? Json.parseOrNull(text) : value;
                if (!(parsed instanceof List<?>)) {
                    attributes.problem(key, "numbered attributes under '" + key + "' (or a JSON array) are expected");
                    yield null;
                }
                yield parsed;
            }
            case ANY -> value;
        };
    }

    private static Object bool(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if ("true".equals(value)) {
            return Boolean.TRUE;
        }
        if ("false".equals(value)) {
            return Boolean.FALSE;
        }
        return value;
    }

    /**
     * The file's kernel under {@code humanloop.file.*} (without its type and path), typed for its
     * kind: a Prompt's numeric settings as numbers, a Tool's JSON schema with its numbers, booleans
     * and lists restored. Null if the span names none.
     */
    static Map<String, Object> kernel(SpanAttributes attributes, String kind) {
        attributes.raw(FILE_TYPE);
        attributes.raw(PATH);
        attributes.raw(FLOW_PREREQUISITES);
        if (!(attributes.tree(FILE, true) instanceof Map<?, ?> tree)) {
            return null;
        }
        Map<String, Object> kernel = new LinkedHashMap<>();
        tree.forEach((k, v) -> kernel.put((String) k, v));
        kernel.remove("type");
        kernel.remove("path");
        kernel.remove("id");
        if (kernel.get(kind) instanceof Map<?, ?> nested && kernel.size() == 1) {
            // humanloop.file.<kind>.* (how other SDKs nest it)
            kernel.clear();
            nested.forEach((k, v) -> kernel.put((String) k, v));
        }
        if (kernel.isEmpty()) {
            return null;
        }
        switch (kind) {
            case "prompt" -> PROMPT_NUMBERS.forEach(field -> {
                if (kernel.get(field) instanceof String text) {
                    BigDecimal number = SpanAttributes.toNumber(text);
                    if (number == null) {
                        attributes.problem(FILE + "." + field, "a number is expected");
                    }
                    kernel.put(field, number);
                }
            });
            case "tool" -> {
                if (kernel.get("function") instanceof Map<?, ?> function) {
                    kernel.put("function", schema(function));
                }
            }
            default -> {
                // a Flow's attributes are what they are
            }
        }
        return kernel;
    }

    /** The file id a span names ({@code humanloop.file.id}), if any. */
    static String fileId(SpanAttributes attributes) {
        return attributes.text(FILE + ".id");
    }

    /** Restores the types a JSON schema (or a function holding one) lost to the exporter's text. */
    static Object schema(Object value) {
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(schema(item)));
            return items;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = (String) k;
            Object converted = v;
            if (v instanceof String text) {
                if (SCHEMA_BOOLEANS.contains(key)) {
                    converted = bool(text);
                } else if (SCHEMA_NUMBERS.contains(key) && SpanAttributes.toNumber(text) != null) {
                    converted = SpanAttributes.toNumber(text);
                } else if (SCHEMA_LISTS.contains(key) || key.equals("type") && text.contains(",")) {
                    converted = text.isEmpty() ? List.of() : List.of(text.split(","));
                }
            } else {
                converted = schema(v);
            }
            typed.put(key, converted);
        });
        return typed;
    }

    /**
     * A Tool's inputs, which the exporter sent as text, typed by its JSON schema where it says a
     * property is a number, an integer or a boolean.
     */
    static Map<String, Object> typedInputs(Map<String, Object> inputs, Map<String, Object> kernel) {
        if (inputs == null || kernel == null || !(kernel.get("function") instanceof Map<?, ?> function)
                || !(function.get("parameters") instanceof Map<?, ?> parameters)
                || !(parameters.get("properties") instanceof Map<?, ?> properties)) {
            return inputs;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        inputs.forEach((name, value) -> {
            Object type = properties.get(name) instanceof Map<?, ?> property ? property.get("type") : null;
            Object converted = value;
            if (value instanceof String text) {
                if (("number".equals(type) || "integer".equals(type)) && SpanAttributes.toNumber(text) != null) {
                    converted = SpanAttributes.toNumber(text);
                } else if ("boolean".equals(type)) {
                    converted = bool(text);
                }
            }
            typed.put(name, converted);
        });
        return typed;
    }
}
