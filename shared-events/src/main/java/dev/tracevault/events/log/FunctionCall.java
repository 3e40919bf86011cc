package dev.tracevault.events.log;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The function part of a {@link ToolCall}; {@code arguments} is the JSON text the model produced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionCall(String name, String arguments) {
}
