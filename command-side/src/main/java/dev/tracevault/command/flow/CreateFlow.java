package dev.tracevault.command.flow;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a Flow at a path that no file holds yet, with its first version. */
public record CreateFlow(
        @TargetAggregateIdentifier String flowId,
        String path,
        Map<String, Object> attributes,
        String kernelDigest,
        String versionId,
        Instant now) {
}
