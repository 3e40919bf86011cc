package dev.tracevault.events.promptlog;

import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A Prompt Log was created (one LLM call).
 *
 * @param details       the Prompt-specific fields by wire name: token counts, costs,
 *                      {@code finish_reason}, {@code tool_choice}
 * @param status        {@code incomplete}, {@code complete} or null (unspecified); a log created
 *                      complete is also followed by {@code LogCompleted}
 * @param trace         the trace it joined, or null outside any trace
 */
@Revision("1")
public record PromptLogCreated(
        String logId,
        String promptId,
        String versionId,
        CommonLogFields fields,
        List<ChatMessage> messages,
        ChatMessage outputMessage,
        Map<String, Object> details,
        String runId,
        String status,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant loggedAt) {
}
