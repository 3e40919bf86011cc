package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create a Flow Log in a resolved Flow version, in {@code trace} (its own when it is a root).
 * Sent again with the same {@code requestDigest} it is a retry and changes nothing.
 */
public record CreateFlowLog(
        @TargetAggregateIdentifier String logId,
        String flowId,
        String versionId,
        CommonLogFields fields,
        List<ChatMessage> messages,
        ChatMessage outputMessage,
        String runId,
        LogStatus status,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant now) {
}
