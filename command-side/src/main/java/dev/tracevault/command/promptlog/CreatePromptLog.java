package dev.tracevault.command.promptlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a Prompt Log; {@code details} holds the Prompt-specific fields by wire name. */
public record CreatePromptLog(
        @TargetAggregateIdentifier String logId,
        String promptId,
        String versionId,
        CommonLogFields fields,
        List<ChatMessage> messages,
        ChatMessage outputMessage,
        Map<String, Object> details,
        String runId,
        LogStatus status,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant now) {
}
