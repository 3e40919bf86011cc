package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/**
 * The Flow Log {@code logId} admitted {@code memberId} into its trace, below {@code parentId}.
 * Recorded on the trace root (and on a Flow Log parent), so a completion and an admission of the
 * same log can never both succeed.
 */
@Revision("1")
public record TraceMemberAdmitted(String logId, String memberId, String parentId) implements LogChange {
}
