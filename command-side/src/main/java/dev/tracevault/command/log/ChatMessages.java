package dev.tracevault.command.log;

import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.FunctionCall;
import dev.tracevault.events.log.ToolCall;
import dev.tracevault.problems.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The chat-message format of the API (a role, content as text or content items, tool calls) read
 * from a request body: each message becomes a {@link ChatMessage}, and what is wrong with one is
 * recorded among the body's problems, at its place ({@code body.messages.0.content}).
 */
public final class ChatMessages {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool", "developer");
    private static final Set<String> IMAGE_DETAILS = Set.of("high", "low", "auto");

    private final JsonBody body;

    private ChatMessages(JsonBody body) {
        this.body = body;
    }

    /** The chat messages of {@code body}, their problems recorded in it. */
    public static ChatMessages in(JsonBody body) {
        return new ChatMessages(body);
    }

    /** The list of chat messages in the body's {@code field}; null if it has none. */
    public List<ChatMessage> list(String field) {
        JsonNode node = body.value(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            body.reject(field, "value is not a valid list", "type_error.list");
            return null;
        }
        List<ChatMessage> messages = new ArrayList<>();
        int i = 0;
        for (JsonNode item : node.values()) {
            messages.add(message(item, List.of("body", field, i++)));
        }
        return messages;
    }

    /** Checks chat messages that are not a field of the body itself (a kernel's {@code template}). */
    public void check(JsonNode node, List<Object> loc) {
        if (!node.isArray()) {
            body.add(new FieldProblem(loc, "value is not a valid list", "type_error.list"));
            return;
        }
        int i = 0;
        for (JsonNode item : node.values()) {
            message(item, at(loc, i++));
        }
    }

    /** The one chat message in the body's {@code field}; null if it has none. */
    public ChatMessage one(String field) {
        JsonNode node = body.value(field);
        return node == null ? null : message(node, List.of("body", field));
    }

    private ChatMessage message(JsonNode node, List<Object> loc) {
        if (!node.isObject()) {
            body.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
            return null;
        }
        String role = text(node, "role", loc, true);
        if (role != null && !ROLES.contains(role)) {
            body.add(new FieldProblem(at(loc, "role"),
                    "value is not a valid enumeration member; permitted: assistant, developer, system, tool, user",
                    "type_error.enum"));
        }
        Object content = content(node.get("content"), at(loc, "content"));
        String name = text(node, "name", loc, false);
        String toolCallId = text(node, "tool_call_id", loc, false);
        List<ToolCall> toolCalls = null;
        JsonNode calls = node.get("tool_calls");
        if (calls != null && !calls.isNull()) {
            if (!calls.isArray()) {
                body.add(new FieldProblem(at(loc, "tool_calls"), "value is not a valid list", "type_error.list"));
            } else {
                toolCalls = new ArrayList<>();
                int i = 0;
                for (JsonNode call : calls.values()) {
                    toolCalls.add(toolCall(call, at(at(loc, "tool_calls"), i++)));
                }
            }
        }
        return new ChatMessage(role, content, name, toolCallId, toolCalls);
    }

    private Object content(JsonNode node, List<Object> loc) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (!node.isArray()) {
            body.add(new FieldProblem(loc, "content must be a string or a list of content items", "type_error"));
            return null;
        }
        int i = 0;
        for (JsonNode item : node.values()) {
            List<Object> itemLoc = at(loc, i++);
            String type = item.isObject() ? text(item, "type", itemLoc, true) : null;
            if (!item.isObject()) {
                body.add(new FieldProblem(itemLoc, "value is not a valid dict", "type_error.dict"));
            } else if ("text".equals(type)) {
                text(item, "text", itemLoc, true);
            } else if ("image_url".equals(type)) {
                JsonNode image = item.get("image_url");
                List<Object> imageLoc = at(itemLoc, "image_url");
                if (image == null || !image.isObject()) {
                    body.add(new FieldProblem(imageLoc, "an object with a url is required", "type_error.dict"));
                } else {
                    text(image, "url", imageLoc, true);
                    String detail = text(image, "detail", imageLoc, false);
                    if (detail != null && !IMAGE_DETAILS.contains(detail)) {
                        body.add(new FieldProblem(at(imageLoc, "detail"),
                                "value is not a valid enumeration member; permitted: auto, high, low", "type_error.enum"));
                    }
                }
            } else if (type != null) {
                body.add(new FieldProblem(at(itemLoc, "type"), "content item type must be 'text' or 'image_url'",
                        "value_error.const"));
            }
        }
        return body.mapper().convertValue(node, List.class);
    }

    private ToolCall toolCall(JsonNode node, List<Object> loc) {
        if (!node.isObject()) {
            body.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
            return null;
        }
        String id = text(node, "id", loc, true);
        String type = text(node, "type", loc, true);
        if (type != null && !type.equals("function")) {
            body.add(new FieldProblem(at(loc, "type"), "tool call type must be 'function'", "value_error.const"));
        }
        JsonNode function = node.get("function");
        FunctionCall call = null;
        if (function == null || !function.isObject()) {
            body.add(new FieldProblem(at(loc, "function"), "an object with a name is required", "type_error.dict"));
        } else {
            List<Object> fnLoc = at(loc, "function");
            call = new FunctionCall(text(function, "name", fnLoc, true), text(function, "arguments", fnLoc, false));
        }
        return new ToolCall(id, type, call);
    }

    private String text(JsonNode parent, String field, List<Object> loc, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                body.add(new FieldProblem(at(loc, field), "field required", "value_error.missing"));
            }
            return null;
        }
        if (!node.isString()) {
            body.add(new FieldProblem(at(loc, field), "str type expected", "type_error.str"));
            return null;
        }
        return node.stringValue();
    }

    private static List<Object> at(List<Object> loc, Object next) {
        List<Object> copy = new ArrayList<>(loc);
        copy.add(next);
        return copy;
    }
}
