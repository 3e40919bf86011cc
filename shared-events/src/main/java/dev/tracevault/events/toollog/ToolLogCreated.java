package dev.tracevault.events.toollog;

import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A Tool Log was created (one tool call).
 *
 * @param status {@code incomplete}, {@code complete} or null (unspecified)
 * @param trace  the trace it joined, or null outside any trace
 */
@Revision("1")
public record ToolLogCreated(
        String logId,
        String toolId,
        String versionId,
        CommonLogFields fields,
        String status,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant loggedAt) {
}
