package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give the version {@code versionId} a new name and/or description. {@code nameGiven} and
 * {@code descriptionGiven} say which the request set (a given {@code null} removes it).
 */
public record UpdateFileVersion(@TargetAggregateIdentifier String fileId, String kind, String versionId,
                                boolean nameGiven, String name, boolean descriptionGiven, String description,
                                Instant now) {
}
