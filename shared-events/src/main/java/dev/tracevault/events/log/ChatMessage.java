package dev.tracevault.events.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A chat message as the Humanloop API carries it. {@code content} is a string, a list of content
 * items ({@code {"type":"text",...}} or {@code {"type":"image_url",...}}) or null, and is always
 * written; the optional fields are left out when absent.
 */
public record ChatMessage(
        String role,
        Object content,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("tool_call_id") String toolCallId,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("tool_calls") List<ToolCall> toolCalls) {
}
