package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** No version of the file is deployed to the environment {@code environmentId} any more (removeDeployment). */
@Revision("1")
public record DeploymentRemoved(String fileId, String environmentId, Instant at) {
}
