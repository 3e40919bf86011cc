package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The version {@code versionId} of the file is deployed to the environment {@code environmentId}
 * from {@code at} on, in place of whatever was deployed there before (spec §3.12 setDeployment).
 */
@Revision("1")
public record VersionDeployed(String fileId, String environmentId, String versionId, Instant at) {
}
