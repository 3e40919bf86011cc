package dev.tracevault.events.log;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A tool call requested by a model: {@code type} is always {@code "function"}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(String id, String type, FunctionCall function) {
}
