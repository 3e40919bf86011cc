package dev.tracevault.events.environment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An environment of the workspace was removed (it held no deployment, and was not the default one). */
@Revision("1")
public record EnvironmentRemoved(String workspaceId, String environmentId, Instant at) {
}
