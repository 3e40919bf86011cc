package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deploy the version {@code versionId} of the file to the environment {@code environmentId} (known
 * to exist). Answers whether anything changed: deploying the version already there records nothing.
 */
public record DeployVersion(@TargetAggregateIdentifier String fileId, String kind, String environmentId,
                            String versionId, Instant now) {
}
