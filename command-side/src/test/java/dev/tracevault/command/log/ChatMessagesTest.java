package dev.tracevault.command.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.FunctionCall;
import dev.tracevault.events.log.ToolCall;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The chat-message format read from a request body: messages as events carry them, or each problem at its place. */
class ChatMessagesTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private JsonBody body(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), mapper);
    }

    @Test
    void readsMessagesWithContentItemsAndToolCalls() {
        var body = body("""
                {"messages": [
                  {"role": "user", "content": [{"type": "text", "text": "hi"},
                                               {"type": "image_url", "image_url": {"url": "u", "detail": "low"}}]},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                  {"role": "tool", "content": "42", "tool_call_id": "c1", "name": "f"}],
                 "output_message": {"role": "assistant", "content": "done"}}
                """);
        var chat = ChatMessages.in(body);

        List<ChatMessage> messages = chat.list("messages");
        ChatMessage output = chat.one("output_message");
        body.check();

        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).content()).isEqualTo(List.of(Map.of("type", "text", "text", "hi"),
                Map.of("type", "image_url", "image_url", Map.of("url", "u", "detail", "low"))));
        assertThat(messages.get(1).toolCalls()).containsExactly(new ToolCall("c1", "function", new FunctionCall("f", "{}")));
        assertThat(messages.get(2)).isEqualTo(new ChatMessage("tool", "42", "f", "c1", null));
        assertThat(output).isEqualTo(new ChatMessage("assistant", "done", null, null, null));
        assertThat(chat.list("absent")).isNull();
    }

    @Test
    void recordsEveryProblemAtItsPlaceInOneAnswer() {
        var body = body("""
                {"messages": [
                  {"role": "robot", "content": 5},
                  {"content": [{"type": "audio"}], "tool_calls": [{"id": "c", "type": "call"}]},
                  "hello"],
                 "output_message": []}
                """);
        var chat = ChatMessages.in(body);
        chat.list("messages");
        chat.one("output_message");

        var refused = catchThrowableOfType(InvalidInput.class, body::check);

        assertThat(refused.problems()).extracting(FieldProblem::loc).containsExactly(
                List.of("body", "messages", 0, "role"),
                List.of("body", "messages", 0, "content"),
                List.of("body", "messages", 1, "role"),
                List.of("body", "messages", 1, "content", 0, "type"),
                List.of("body", "messages", 1, "tool_calls", 0, "type"),
                List.of("body", "messages", 1, "tool_calls", 0, "function"),
                List.of("body", "messages", 2),
                List.of("body", "output_message"));
    }

    @Test
    void checksTemplateMessagesOutsideTheBodysFields() {
        var body = body("{\"prompt\": {\"template\": [{\"role\": \"user\", \"content\": \"{{q}}\"}, {\"role\": 1}]}}");

        ChatMessages.in(body).check(body.root().get("prompt").get("template"), List.of("body", "prompt", "template"));

        var refused = catchThrowableOfType(InvalidInput.class, body::check);
        assertThat(refused.problems()).containsExactly(new FieldProblem(List.of("body", "prompt", "template", 1, "role"),
                "str type expected", "type_error.str"));
    }
}
