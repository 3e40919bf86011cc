package dev.tracevault.command.log;

import dev.tracevault.command.log.SpanRef;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask the Flow Log {@code logId} (a trace root, or a Flow parent) to admit a new member below it.
 * {@code memberSpan} is the span the member comes from (null for REST writes): a span that started
 * within the Flow Log's own span is admitted even after the Flow Log completed.
 */
public record AdmitTraceMember(@TargetAggregateIdentifier String logId, String memberId, String parentId,
                               SpanRef memberSpan, Instant now) {

    public AdmitTraceMember(String logId, String memberId, String parentId) {
        this(logId, memberId, parentId, null, null);
    }
}
