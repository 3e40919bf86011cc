package dev.tracevault.query.files;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What file objects are rendered from besides {@link FileReads}: the environments and which
 * version of a file is deployed to each. {@link DeploymentDocuments} answers as things are now,
 * {@link FilesAsOf} as they were at an earlier moment.
 */
public interface DeploymentReads {

    /** An environment as the API shows it ({@code EnvironmentResponse}). */
    record Environment(String id, String name, String tag, Instant createdAt) {
    }

    /** Every environment, the default one first, then by creation. */
    List<Environment> environments();

    Optional<Environment> environment(String environmentId);

    Optional<Environment> environmentNamed(String name);

    /** The version of {@code fileId} deployed to each environment, by environment id. */
    Map<String, String> deployments(String fileId);
}
