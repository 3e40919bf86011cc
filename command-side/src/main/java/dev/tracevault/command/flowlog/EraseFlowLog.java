package dev.tracevault.command.flowlog;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase the Flow Log: record {@code LogErased}, forget its content, refuse every later command. */
public record EraseFlowLog(
        @TargetAggregateIdentifier String logId,
        String erasureId,
        String requestedLogId,
        String erasedBy,
        Instant now) {
}
