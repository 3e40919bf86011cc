package dev.tracevault.command.evaluation.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills the {@code {{ path }}} variables of an LLM evaluator's prompt template from the judged log
 * and the testcase, the way Humanloop's AI evaluators are written ({@code {{log.output}}},
 * {@code {{ log.inputs.question }}}, {@code {{testcase.target}}}). Only {@code {{ }}}
 * substitution is done; Jinja statements are left as they are.
 */
final class PromptTemplates {

    /** A dotted path of names or list indices, whitespace allowed inside the braces. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w-]*(?:\\.[\\w-]+)*)\\s*}}");

    private final JsonMapper json;

    PromptTemplates(JsonMapper json) {
        this.json = json;
    }

    /**
     * The chat messages of {@code template}: a string is one {@code user} message; a list is those
     * messages, their string content (or text parts) rendered.
     *
     * @throws IllegalArgumentException when the template is neither
     */
    List<Map<String, Object>> messages(Object template, Map<String, Object> scope) {
        if (template instanceof String text) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "user");
            message.put("content", render(text, scope));
            return List.of(message);
        }
        if (!(template instanceof List<?> list)) {
            throw new IllegalArgumentException("prompt.template must be a string or a list of chat messages");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> source)) {
                throw new IllegalArgumentException("prompt.template[" + i + "] is not a chat message object");
            }
            Map<String, Object> message = new LinkedHashMap<>();
            source.forEach((key, value) -> message.put(String.valueOf(key), value));
            message.put("content", content(message.get("content"), scope));
            messages.add(message);
        }
        return messages;
    }

    private Object content(Object content, Map<String, Object> scope) {
        if (content instanceof String text) {
            return render(text, scope);
        }
        if (!(content instanceof List<?> parts)) {
            return content;
        }
        List<Object> rendered = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Map<?, ?> map && "text".equals(map.get("type"))
                    && map.get("text") instanceof String text) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, value) -> copy.put(String.valueOf(key), value));
                copy.put("text", render(text, scope));
                rendered.add(copy);
            } else {
                rendered.add(part);
            }
        }
        return rendered;
    }

    /** Strings go in raw, other values as compact JSON, unknown paths as the empty string. */
    String render(String template, Map<String, Object> scope) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(text(resolve(scope, matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Object resolve(Map<String, Object> scope, String path) {
        Object value = scope;
        for (String name : path.split("\\.")) {
            value = switch (value) {
                case Map<?, ?> map -> map.get(name);
                case List<?> list -> index(list, name);
                case null, default -> null;
            };
            if (value == null) {
                return null;
            }
        }
        return value;
    }

    private static Object index(List<?> list, String name) {
        try {
            int i = Integer.parseInt(name);
            return i >= 0 && i < list.size() ? list.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }
}
