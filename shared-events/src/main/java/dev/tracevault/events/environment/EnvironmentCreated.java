package dev.tracevault.events.environment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The workspace got an environment: a place a version of each file can be deployed to (spec
 * §4.10). Its {@code tag} is {@code default} only for the workspace's default environment, which
 * exists from the start and is never created by an event ({@link WorkspaceEnvironments}).
 */
@Revision("1")
public record EnvironmentCreated(String workspaceId, String environmentId, String name, String tag, Instant at) {
}
