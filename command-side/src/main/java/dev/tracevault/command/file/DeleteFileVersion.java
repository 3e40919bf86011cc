package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Delete the version {@code versionId}. Whether anything still uses it (its logs) is checked
 * before, by {@link FileLife}, since the File does not count its logs.
 */
public record DeleteFileVersion(@TargetAggregateIdentifier String fileId, String kind, String versionId,
                                Instant now) {
}
