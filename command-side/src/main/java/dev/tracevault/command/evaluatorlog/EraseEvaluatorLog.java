package dev.tracevault.command.evaluatorlog;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase the Evaluator Log: record {@code LogErased}, forget its content, refuse every later command. */
public record EraseEvaluatorLog(
        @TargetAggregateIdentifier String logId,
        String erasureId,
        String requestedLogId,
        String erasedBy,
        Instant now) {
}
