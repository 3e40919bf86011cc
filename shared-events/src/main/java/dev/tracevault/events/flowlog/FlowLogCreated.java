package dev.tracevault.events.flowlog;

import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A Flow Log was created, incomplete. A log created complete is this event followed by
 * {@code LogCompleted}.
 *
 * @param trace         the trace it belongs to: its own (it is a root) or its parent's
 * @param clientLogId   whether the client chose {@code logId} (it is then echoed as {@code log_id})
 * @param requestDigest digest of the create request, so that a retried create can be told apart
 *                      from a different one that reuses the id
 */
@Revision("1")
public record FlowLogCreated(
        String logId,
        String flowId,
        String versionId,
        CommonLogFields fields,
        List<ChatMessage> messages,
        ChatMessage outputMessage,
        String runId,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant loggedAt) {
}
