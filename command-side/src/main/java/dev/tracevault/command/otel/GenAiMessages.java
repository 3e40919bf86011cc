package dev.tracevault.command.otel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of a model call as a span carries them, in each of the formats instrumentations
 * write: the current GenAI conventions ({@code gen_ai.input.messages}/{@code gen_ai.output.messages},
 * role and typed parts), the older numbered ones ({@code gen_ai.prompt.N.*}/{@code gen_ai.completion.N.*}
 * that OpenLLMetry wrote) and OpenInference's ({@code llm.input_messages.N.message.*}), read into
 * Humanloop ChatMessages. The span's other facts are {@link GenAiSpans}'.
 */
final class GenAiMessages {

    private GenAiMessages() {
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
                case "tool_call" -> toolCalls.add(toolCall(p.get("id"), p.get("name"), p.get("arguments")));
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
