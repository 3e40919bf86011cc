package dev.tracevault.events.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A chat message as the Humanloop API carries it. {@code content} is a string, a list of content
 * items ({@code {"type":"text",...}} or {@code {"type":"image_url",...}}) or absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String role,
        Object content,
        String name,
        @JsonProperty("tool_call_id") String toolCallId,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls) {
}
