package dev.tracevault.command.toollog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a Tool Log. */
public record CreateToolLog(
        @TargetAggregateIdentifier String logId,
        String toolId,
        String versionId,
        CommonLogFields fields,
        LogStatus status,
        TraceRef trace,
        boolean clientLogId,
        String requestDigest,
        Instant now) {
}
