package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete the file of {@code kind}: its path is freed, its logs stay. */
public record DeleteFile(@TargetAggregateIdentifier String fileId, String kind, Instant now) {
}
