package dev.tracevault.command.otel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a span says in the OpenTelemetry GenAI semantic conventions ({@code gen_ai.*}: the current
 * {@code gen_ai.input.messages}/{@code gen_ai.output.messages} and the older numbered
 * {@code gen_ai.prompt.N.*}/{@code gen_ai.completion.N.*} that OpenLLMetry wrote), in OpenInference's
 * ({@code openinference.span.kind}, {@code llm.*}, {@code input.value}, ...) and in Traceloop's
 * ({@code traceloop.span.kind}, {@code traceloop.entity.*}): which kind of log it is, and the
 * fields of that log, in the shapes the REST API takes.
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

    /** The messages sent to the model, as Humanloop ChatMessages; null if the span has none. */
    static List<Object> inputMessages(SpanAttributes a) {
        List<Object> messages = null;
        Object current = a.json("gen_ai.input.messages");
        if (current instanceof List<?> list) {
            messages = new ArrayList<>();
            for (Object item : list) {
                messages.add(fromParts(item));
            }
        } else if (a.tree("gen_ai.prompt") instanceof List<?> numbered) {
            messages = new ArrayList<>();
            for (Object item : numbered) {
                messages.add(fromNumbered(item));
            }
        } else if (a.tree("llm.input_messages") instanceof List<?> openInference) {
            messages = new ArrayList<>();
            for (Object item : openInference) {
                messages.add(fromOpenInference(item));
            }
        }
        Object instructions = a.json("gen_ai.system_instructions");
        if (instructions != null) {
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("role", "system");
            system.put("content", instructions instanceof List<?> parts ? content(parts) : instructions.toString());
            messages = messages == null ? new ArrayList<>() : messages;
            messages.addFirst(system);
        }
        return messages;
    }

    /** The model's answer: its first output message, and why it finished; null if the span has none. */
    static Map<String, Object> outputMessage(SpanAttributes a) {
        Object current = a.json("gen_ai.output.messages");
        if (current instanceof List<?> list && !list.isEmpty()) {
            return withAssistantRole(fromParts(list.getFirst()));
        }
        if (a.tree("gen_ai.completion") instanceof List<?> numbered && !numbered.isEmpty()) {
            return withAssistantRole(fromNumbered(numbered.getFirst()));
        }
        if (a.tree("llm.output_messages") instanceof List<?> openInference && !openInference.isEmpty()) {
            return withAssistantRole(fromOpenInference(openInference.getFirst()));
        }
        return null;
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

    /** The text of a message's content (its text parts joined), or null. */
    static String text(Map<String, Object> message) {
        if (message == null) {
            return null;
        }
        Object content = message.get("content");
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> items) {
            StringBuilder text = new StringBuilder();
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && "text".equals(map.get("type")) && map.get("text") != null) {
                    text.append(map.get("text"));
                }
            }
            return text.isEmpty() ? null : text.toString();
        }
        return null;
    }

    private static Map<String, Object> withAssistantRole(Map<String, Object> message) {
        if (message.get("role") == null) {
            message.put("role", "assistant");
        }
        return message;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String role(Object role) {
        if (role == null) {
            return null;
        }
        // Gemini's "model" is the assistant; any other role not Humanloop's is refused as REST refuses it
        return role.toString().equals("model") ? "assistant" : role.toString();
    }

    /** A message of the current conventions: a role and typed parts (text, tool calls, tool results, media). */
    private static Map<String, Object> fromParts(Object item) {
        Map<String, Object> message = new LinkedHashMap<>();
        if (!(item instanceof Map<?, ?> map)) {
            message.put("role", null);
            message.put("content", item == null ? null : item.toString());
            return message;
        }
        message.put("role", role(map.get("role")));
        if (map.get("name") instanceof String name) {
            message.put("name", name);
        }
        List<Object> parts = map.get("parts") instanceof List<?> list ? new ArrayList<>(list) : List.of();
        List<Object> toolCalls = new ArrayList<>();
        List<Object> contentParts = new ArrayList<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> p)) {
                continue;
            }
            switch (String.valueOf(p.get("type"))) {
                case "tool_call" -> {
                    Map<String, Object> function = new LinkedHashMap<>();
                    function.put("name", p.get("name") == null ? "" : p.get("name").toString());
                    if (p.get("arguments") != null) {
                        function.put("arguments", Json.text(p.get("arguments")));
                    }
                    Map<String, Object> call = new LinkedHashMap<>();
                    call.put("id", p.get("id") == null ? "" : p.get("id").toString());
                    call.put("type", "function");
                    call.put("function", function);
                    toolCalls.add(call);
                }
                case "tool_call_response" -> {
                    if (p.get("id") != null) {
                        message.put("tool_call_id", p.get("id").toString());
                    }
                    if (p.get("response") != null) {
                        contentParts.add(Map.of("type", "text", "content", Json.text(p.get("response"))));
                    }
                }
                default -> contentParts.add(p);
            }
        }
        if (map.get("content") != null && parts.isEmpty()) {
            message.put("content", map.get("content") instanceof String s ? s : Json.text(map.get("content")));
        } else {
            message.put("content", content(contentParts));
        }
        if (!toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls);
        }
        return message;
    }

    /**
     * Parts as Humanloop content: one text part is a string; text and images are content items;
     * others (reasoning, audio, ...) are left out.
     */
    private static Object content(List<?> parts) {
        List<Object> items = new ArrayList<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> p)) {
                if (part != null) {
                    items.add(Map.of("type", "text", "text", part.toString()));
                }
                continue;
            }
            String type = String.valueOf(p.get("type"));
            if (type.equals("text") && p.get("content") != null) {
                items.add(Map.of("type", "text", "text", p.get("content").toString()));
            } else if ((type.equals("uri") || type.equals("blob") || type.equals("image"))
                    && "image".equals(p.get("modality"))) {
                String url = p.get("uri") != null ? p.get("uri").toString()
                        : p.get("content") != null ? "data:" + (p.get("mime_type") == null ? "image/png"
                        : p.get("mime_type")) + ";base64," + p.get("content") : null;
                if (url != null) {
                    items.add(Map.of("type", "image_url", "image_url", Map.of("url", url)));
                }
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        if (items.size() == 1 && "text".equals(((Map<?, ?>) items.getFirst()).get("type"))) {
            return ((Map<?, ?>) items.getFirst()).get("text");
        }
        return items;
    }

    /**
     * A message of the older numbered conventions ({@code gen_ai.prompt.0.role}, {@code .content},
     * {@code .tool_calls.0.name}).
     */
    private static Map<String, Object> fromNumbered(Object item) {
        Map<String, Object> message = new LinkedHashMap<>();
        Map<?, ?> map = item instanceof Map<?, ?> m ? m : Map.of();
        message.put("role", role(map.get("role")));
        message.put("content", map.get("content") == null ? null : map.get("content").toString());
        if (map.get("tool_call_id") != null) {
            message.put("tool_call_id", map.get("tool_call_id").toString());
        }
        if (map.get("tool_calls") instanceof List<?> calls) {
            List<Object> toolCalls = new ArrayList<>();
            for (Object call : calls) {
                if (call instanceof Map<?, ?> c) {
                    toolCalls.add(toolCall(c.get("id"), c.get("name"), c.get("arguments")));
                }
            }
            message.put("tool_calls", toolCalls);
        }
        return message;
    }

    /**
     * A message of OpenInference ({@code llm.input_messages.0.message.role}, {@code .content},
     * {@code .contents}, {@code .tool_calls}).
     */
    private static Map<String, Object> fromOpenInference(Object item) {
        Map<?, ?> outer = item instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> map = outer.get("message") instanceof Map<?, ?> inner ? inner : Map.of();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role(map.get("role")));
        if (map.get("content") != null) {
            message.put("content", map.get("content").toString());
        } else if (map.get("contents") instanceof List<?> contents) {
            List<Object> items = new ArrayList<>();
            for (Object entry : contents) {
                Map<?, ?> content = entry instanceof Map<?, ?> e && e.get("message_content") instanceof Map<?, ?> mc
                        ? mc : Map.of();
                if ("text".equals(content.get("type")) && content.get("text") != null) {
                    items.add(Map.of("type", "text", "text", content.get("text").toString()));
                } else if ("image".equals(content.get("type")) && content.get("image") instanceof Map<?, ?> image
                        && image.get("image") instanceof Map<?, ?> inner && inner.get("url") != null) {
                    items.add(Map.of("type", "image_url", "image_url", Map.of("url", inner.get("url").toString())));
                }
            }
            message.put("content", items.isEmpty() ? null : items);
        } else {
            message.put("content", null);
        }
        if (map.get("name") != null) {
            message.put("name", map.get("name").toString());
        }
        if (map.get("tool_call_id") != null) {
            message.put("tool_call_id", map.get("tool_call_id").toString());
        }
        if (map.get("tool_calls") instanceof List<?> calls) {
            List<Object> toolCalls = new ArrayList<>();
            for (Object call : calls) {
                Map<?, ?> c = call instanceof Map<?, ?> e && e.get("tool_call") instanceof Map<?, ?> tc ? tc : Map.of();
                Map<?, ?> fn = c.get("function") instanceof Map<?, ?> f ? f : Map.of();
                toolCalls.add(toolCall(c.get("id"), fn.get("name"), fn.get("arguments")));
            }
            message.put("tool_calls", toolCalls);
        }
        return message;
    }

    /** A tool call in the Humanloop shape: {@code {id, type: "function", function: {name, arguments}}}. */
    private static Map<String, Object> toolCall(Object id, Object name, Object arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name == null ? "" : name.toString());
        if (arguments != null) {
            function.put("arguments", Json.text(arguments));
        }
        Map<String, Object> toolCall = new LinkedHashMap<>();
        toolCall.put("id", id == null ? "" : id.toString());
        toolCall.put("type", "function");
        toolCall.put("function", function);
        return toolCall;
    }
}
