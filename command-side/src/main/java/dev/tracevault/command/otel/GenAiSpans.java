package dev.tracevault.command.otel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a span says of its call in the OpenTelemetry GenAI semantic conventions ({@code gen_ai.*}), in
 * OpenInference's ({@code openinference.span.kind}, {@code llm.*}, {@code input.value}, ...) and in
 * Traceloop's ({@code traceloop.span.kind}, {@code traceloop.entity.*}): which kind of log it is, the
 * model, provider, settings and tools, the tokens, and a Tool's or Flow's inputs and output, in the
 * shapes the REST API takes. The messages the call exchanged are {@link GenAiMessages}'.
 */
final class GenAiSpans {

    private static final Set<String> PROMPT_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"), Map.entry("azure.ai.openai", "openai_azure"),
            Map.entry("az.ai.openai", "openai_azure"), Map.entry("azure", "openai_azure"),
            Map.entry("anthropic", "anthropic"), Map.entry("aws.bedrock", "bedrock"), Map.entry("bedrock", "bedrock"),
            Map.entry("cohere", "cohere"), Map.entry("replicate", "replicate"), Map.entry("gcp.gemini", "google"),
            Map.entry("gcp.vertex_ai", "google"), Map.entry("gcp.gen_ai", "google"), Map.entry("google", "google"),
            Map.entry("vertexai", "google"), Map.entry("groq", "groq"), Map.entry("deepseek", "deepseek"));
    /** Settings a Prompt's kernel takes from {@code llm.invocation_parameters} (OpenInference). */
    private static final Set<String> INVOCATION_SETTINGS = Set.of("temperature", "max_tokens", "top_p",
            "presence_penalty", "frequency_penalty", "seed", "stop");

    private GenAiSpans() {
    }

    /** The kind of log a span is when no {@code humanloop.file.type} says it: prompt, tool or flow. */
    static String kind(SpanAttributes a) {
        String operation = a.text("gen_ai.operation.name");
        if (operation != null) {
            return PROMPT_OPERATIONS.contains(operation) ? "prompt"
                    : operation.equals("execute_tool") ? "tool" : "flow";
        }
        String openInference = a.text("openinference.span.kind");
        if (openInference != null) {
            String kind = openInference.toUpperCase(Locale.ROOT);
            return kind.equals("LLM") ? "prompt" : kind.equals("TOOL") ? "tool" : "flow";
        }
        String traceloop = a.text("traceloop.span.kind");
        if (traceloop != null) {
            return traceloop.equals("tool") ? "tool" : "flow";
        }
        String requestType = a.text("llm.request.type");
        if ("chat".equals(requestType) || "completion".equals(requestType)
                || a.has("gen_ai.request.model") || a.has("gen_ai.system")) {
            return "prompt";
        }
        return "flow";
    }

    /** The name the log's file gets when the span names no path. */
    static String fileName(SpanData span, SpanAttributes a, String kind) {
        String name = switch (kind) {
            case "tool" -> a.text("gen_ai.tool.name", "tool.name", "traceloop.entity.name");
            case "flow" -> a.text("gen_ai.agent.name", "traceloop.entity.name");
            default -> null;
        };
        return name != null && !name.isBlank() ? name : span.name();
    }

    /** A Prompt's kernel: the model and the settings of the call. */
    static Map<String, Object> promptKernel(SpanAttributes a) {
        Map<String, Object> kernel = new LinkedHashMap<>();
        put(kernel, "model", a.text("gen_ai.request.model", "llm.model_name", "gen_ai.response.model"));
        String operation = a.text("gen_ai.operation.name");
        String requestType = a.text("llm.request.type");
        kernel.put("endpoint", "text_completion".equals(operation) || "completion".equals(requestType)
                ? "complete" : "chat");
        String provider = a.text("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system");
        if (provider != null) {
            String known = PROVIDERS.get(provider.toLowerCase(Locale.ROOT));
            if (known != null) {
                kernel.put("provider", known);
            } else {
                // the API's provider is an enumeration: another provider is kept beside it
                kernel.put("other", Map.of("provider", provider));
            }
        }
        put(kernel, "temperature", a.number("gen_ai.request.temperature"));
        put(kernel, "max_tokens", a.number("gen_ai.request.max_tokens"));
        put(kernel, "top_p", a.number("gen_ai.request.top_p"));
        put(kernel, "presence_penalty", a.number("gen_ai.request.presence_penalty"));
        put(kernel, "frequency_penalty", a.number("gen_ai.request.frequency_penalty"));
        put(kernel, "seed", a.number("gen_ai.request.seed"));
        List<Object> stop = a.list("gen_ai.request.stop_sequences");
        if (stop != null) {
            kernel.put("stop", stop);
        }
        if (a.json("llm.invocation_parameters") instanceof Map<?, ?> parameters) {
            parameters.forEach((k, v) -> {
                if (INVOCATION_SETTINGS.contains(k) && !kernel.containsKey(k)) {
                    kernel.put((String) k, v);
                }
            });
        }
        put(kernel, "template", a.text("llm.prompt_template.template"));
        List<Object> tools = tools(a);
        if (!tools.isEmpty()) {
            kernel.put("tools", tools);
        }
        return kernel;
    }

    /** The tools offered to the model, as Humanloop's ToolFunctions ({@code name}, {@code description}, ...). */
    private static List<Object> tools(SpanAttributes a) {
        List<Object> tools = new ArrayList<>();
        Object definitions = a.json("gen_ai.tool.definitions");
        if (definitions instanceof List<?> list) {
            for (Object item : list) {
                Object function = item instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> inner
                        ? inner : item;
                if (function instanceof Map<?, ?> fn && fn.get("name") instanceof String) {
                    tools.add(toolFunction(fn));
                }
            }
        } else if (a.tree("llm.request.functions") instanceof List<?> functions) {
            for (Object fn : functions) {
                if (fn instanceof Map<?, ?> map && map.get("name") instanceof String) {
                    Map<String, Object> function = new LinkedHashMap<>(toolFunction(map));
                    if (map.get("parameters") instanceof String text && Json.parseOrNull(text) != null) {
                        function.put("parameters", Json.parseOrNull(text));
                    }
                    tools.add(function);
                }
            }
        } else if (a.tree("llm.tools") instanceof List<?> openInference) {
            for (Object tool : openInference) {
                if (tool instanceof Map<?, ?> map && map.get("tool") instanceof Map<?, ?> inner
                        && inner.get("json_schema") instanceof String text
                        && Json.parseOrNull(text) instanceof Map<?, ?> schema) {
                    Object function = schema.get("function") instanceof Map<?, ?> fn ? fn : schema;
                    if (function instanceof Map<?, ?> fn && fn.get("name") instanceof String) {
                        tools.add(toolFunction(fn));
                    }
                }
            }
        }
        return tools;
    }

    private static Map<String, Object> toolFunction(Map<?, ?> fn) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", fn.get("name"));
        function.put("description", fn.get("description") instanceof String d ? d : "");
        if (fn.get("parameters") instanceof Map<?, ?> parameters) {
            function.put("parameters", parameters);
        }
        if (fn.get("strict") instanceof Boolean strict) {
            function.put("strict", strict);
        }
        return function;
    }

    /** A Tool's kernel: its function's name, description and parameters, as far as the span tells them. */
    static Map<String, Object> toolKernel(SpanAttributes a, String name) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        String description = a.text("gen_ai.tool.description", "tool.description");
        function.put("description", description == null ? "" : description);
        if (a.json("tool.parameters") instanceof Map<?, ?> parameters) {
            function.put("parameters", parameters);
        }
        return Map.of("function", function);
    }

    /** Why the model stopped: the first of {@code gen_ai.response.finish_reasons}, or of the output message. */
    static String finishReason(SpanAttributes a) {
        List<Object> reasons = a.list("gen_ai.response.finish_reasons");
        if (reasons != null && !reasons.isEmpty() && reasons.getFirst() != null) {
            return reasons.getFirst().toString();
        }
        Object current = a.json("gen_ai.output.messages");
        if (current instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?> first
                && first.get("finish_reason") instanceof String reason) {
            return reason;
        }
        return a.text("gen_ai.completion.0.finish_reason");
    }

    static BigDecimal promptTokens(SpanAttributes a) {
        return a.number("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt");
    }

    static BigDecimal outputTokens(SpanAttributes a) {
        return a.number("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion");
    }

    static BigDecimal reasoningTokens(SpanAttributes a) {
        return a.number("llm.token_count.completion_details.reasoning");
    }

    /** A Tool's arguments, or a Flow's input, as log inputs; null if the span has none. */
    static Map<String, Object> inputs(SpanAttributes a, String kind) {
        Object value = null;
        String key = null;
        for (String candidate : kind.equals("tool")
                ? List.of("gen_ai.tool.call.arguments", "input.value", "traceloop.entity.input")
                : List.of("input.value", "traceloop.entity.input")) {
            if (a.has(candidate)) {
                key = candidate;
                value = a.raw(candidate);
                break;
            }
        }
        if (value == null) {
            return null;
        }
        Object parsed = value instanceof String text ? Json.parseOrNull(text) : value;
        if (parsed instanceof Map<?, ?> map) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            map.forEach((k, v) -> inputs.put(String.valueOf(k), v));
            return inputs;
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put(key.equals("gen_ai.tool.call.arguments") ? "arguments" : "input", parsed != null ? parsed : value);
        return inputs;
    }

    /** A Tool's result or a Flow's output, as text; null if the span has none. */
    static String output(SpanAttributes a, String kind) {
        for (String key : kind.equals("tool")
                ? List.of("gen_ai.tool.call.result", "output.value", "traceloop.entity.output")
                : List.of("output.value", "traceloop.entity.output")) {
            if (a.has(key)) {
                return Json.text(a.raw(key));
            }
        }
        return null;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
