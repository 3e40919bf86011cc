package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.Patch;
import dev.tracevault.events.log.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Update a Flow Log: each field is absent, unset ({@code null}) or set; {@code status} may be null. */
public record UpdateFlowLog(
        @TargetAggregateIdentifier String logId,
        Patch<Map<String, Object>> inputs,
        Patch<List<ChatMessage>> messages,
        Patch<String> output,
        Patch<ChatMessage> outputMessage,
        Patch<String> error,
        LogStatus status,
        Instant now) {
}
