package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Update a Flow Log; {@code status} may be null (not given). */
public record UpdateFlowLog(@TargetAggregateIdentifier String logId, LogUpdate update, LogStatus status, Instant now) {
}
