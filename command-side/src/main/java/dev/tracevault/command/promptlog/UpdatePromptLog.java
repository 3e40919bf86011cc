package dev.tracevault.command.promptlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Update a Prompt Log of the Prompt {@code promptId}. */
public record UpdatePromptLog(@TargetAggregateIdentifier String logId, String promptId, LogUpdate update,
                              LogStatus status, Instant now) {
}
