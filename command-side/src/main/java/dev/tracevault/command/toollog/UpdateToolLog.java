package dev.tracevault.command.toollog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Update a Tool Log of the Tool {@code toolId}. */
public record UpdateToolLog(@TargetAggregateIdentifier String logId, String toolId, LogUpdate update,
                            LogStatus status, Instant now) {
}
