package dev.tracevault.command.environment;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Remove the environment {@code environmentId}; the default one cannot be. (That it holds no
 * deployment is checked before, by {@link EnvironmentChanges}: no aggregate knows every file's.)
 */
public record RemoveEnvironment(@TargetAggregateIdentifier String workspaceId, String environmentId, Instant now) {
}
