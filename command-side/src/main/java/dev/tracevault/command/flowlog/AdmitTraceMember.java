package dev.tracevault.command.flowlog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ask the Flow Log {@code logId} (a trace root, or a Flow parent) to admit a new member below it. */
public record AdmitTraceMember(@TargetAggregateIdentifier String logId, String memberId, String parentId) {
}
