package dev.tracevault.command.directory;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a directory at {@code path} (claimed in the registry already), inside {@code parentId} (null: at the top). */
public record CreateDirectory(@TargetAggregateIdentifier String directoryId, String path, String parentId,
                              Instant now) {
}
