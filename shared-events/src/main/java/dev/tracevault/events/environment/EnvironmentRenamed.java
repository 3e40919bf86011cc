package dev.tracevault.events.environment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An environment of the workspace is now called {@code name}; its deployments stay. */
@Revision("1")
public record EnvironmentRenamed(String workspaceId, String environmentId, String name, Instant at) {
}
