package dev.tracevault.command.log;

import dev.tracevault.events.log.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * The changes a PATCH asks of a log: the core fields each absent, unset or set, and the other
 * fields ({@code details}, by wire name) that the request named.
 */
public record LogUpdate(
        Patch<Map<String, Object>> inputs,
        Patch<List<ChatMessage>> messages,
        Patch<String> output,
        Patch<ChatMessage> outputMessage,
        Patch<String> error,
        Map<String, Patch<Object>> details) {

    public static LogUpdate none() {
        return new LogUpdate(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Map.of());
    }
}
