package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move (or rename) the file of {@code kind} to {@code path}, which the path registry has already given it. */
public record MoveFile(@TargetAggregateIdentifier String fileId, String kind, String path, Instant now) {
}
