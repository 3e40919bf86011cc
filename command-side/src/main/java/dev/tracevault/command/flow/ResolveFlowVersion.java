package dev.tracevault.command.flow;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Find the version a log belongs to: {@code versionId} if given, else the version of the kernel
 * {@code attributes} (created as {@code newVersionId} if the kernel is new), else the version
 * deployed to {@code environment}, else the latest version. Answers the version id.
 *
 * @param expectedPath the path the request named beside the id, if any: the two must agree
 */
public record ResolveFlowVersion(
        @TargetAggregateIdentifier String flowId,
        String expectedPath,
        String versionId,
        String environment,
        Map<String, Object> attributes,
        String kernelDigest,
        String newVersionId,
        Instant now) {
}
