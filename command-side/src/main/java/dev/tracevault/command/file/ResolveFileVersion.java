package dev.tracevault.command.file;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Find the version a log belongs to: {@code versionId} if given, else the version of the
 * {@code kernel} (created as {@code newVersionId} if the kernel is new), else the version deployed
 * to {@code environment}, else the latest version. Answers the version id.
 *
 * @param kind         the kind of file the request expects (a log of a Prompt names a Prompt)
 * @param expectedPath the path the request named beside the id, if any: the two must agree
 */
public record ResolveFileVersion(
        @TargetAggregateIdentifier String fileId,
        String kind,
        String expectedPath,
        String versionId,
        String environment,
        Map<String, Object> kernel,
        String kernelDigest,
        String newVersionId,
        Instant now) {
}
