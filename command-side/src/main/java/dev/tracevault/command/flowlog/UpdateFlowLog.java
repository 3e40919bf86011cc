package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Update a Flow Log; {@code status} may be null (not given). {@code completedAt} is when the log
 * completed if the client knows it (the end of its span), else null: completing then takes
 * {@code now}.
 */
public record UpdateFlowLog(@TargetAggregateIdentifier String logId, LogUpdate update, LogStatus status, Instant now,
                            Instant completedAt) {

    public UpdateFlowLog(String logId, LogUpdate update, LogStatus status, Instant now) {
        this(logId, update, status, now, null);
    }
}
