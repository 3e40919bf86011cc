package dev.tracevault.command.directory;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move or rename the (empty) directory to {@code path}, inside {@code parentId}. */
public record MoveDirectory(@TargetAggregateIdentifier String directoryId, String path, String parentId,
                            Instant now) {
}
