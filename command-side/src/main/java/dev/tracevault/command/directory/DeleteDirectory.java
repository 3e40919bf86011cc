package dev.tracevault.command.directory;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete the (empty) directory. */
public record DeleteDirectory(@TargetAggregateIdentifier String directoryId, Instant now) {
}
