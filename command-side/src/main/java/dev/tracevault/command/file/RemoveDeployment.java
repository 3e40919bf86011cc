package dev.tracevault.command.file;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take whatever version of the file is deployed to {@code environmentId} off it; none there is a 404. */
public record RemoveDeployment(@TargetAggregateIdentifier String fileId, String kind, String environmentId,
                               Instant now) {
}
