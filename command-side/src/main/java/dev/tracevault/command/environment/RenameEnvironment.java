package dev.tracevault.command.environment;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Call the environment {@code environmentId} {@code name}; a name another one has is a conflict. */
public record RenameEnvironment(@TargetAggregateIdentifier String workspaceId, String environmentId, String name,
                                Instant now) {
}
