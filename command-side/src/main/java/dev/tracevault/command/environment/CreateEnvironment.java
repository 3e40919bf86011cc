package dev.tracevault.command.environment;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give the workspace an environment called {@code name}; a name in use is a conflict. */
public record CreateEnvironment(@TargetAggregateIdentifier String workspaceId, String environmentId, String name,
                                Instant now) {
}
