package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.SpanRef;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record on the Flow Log {@code logId} the span it was written from (its window admits late spans). */
public record RecordSpan(@TargetAggregateIdentifier String logId, SpanRef span) {
}
