package dev.tracevault.command.toollog;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase the Tool Log: record {@code LogErased}, forget its content, refuse every later command. */
public record EraseToolLog(
        @TargetAggregateIdentifier String logId,
        String erasureId,
        String requestedLogId,
        String erasedBy,
        Instant now) {
}
