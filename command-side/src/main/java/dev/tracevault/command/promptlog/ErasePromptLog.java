package dev.tracevault.command.promptlog;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase the Prompt Log: record {@code LogErased}, forget its content, refuse every later command. */
public record ErasePromptLog(
        @TargetAggregateIdentifier String logId,
        String erasureId,
        String requestedLogId,
        String erasedBy,
        Instant now) {
}
