package dev.tracevault.command.file;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give a file a version for {@code kernel}: the existing one of an identical kernel, or a new one
 * called {@code newVersionId}. Answers the version id. A version name held by another version of
 * the file is a conflict. (Looking versions up by id, by kernel or as the latest needs no command:
 * {@link Files} reads them from the version registry.)
 *
 * @param kind the kind of file the request expects (a log of a Prompt names a Prompt)
 */
public record AddFileVersion(
        @TargetAggregateIdentifier String fileId,
        String kind,
        Map<String, Object> kernel,
        String kernelDigest,
        String newVersionId,
        VersionDetails details,
        Instant now) {

    public AddFileVersion(String fileId, String kind, Map<String, Object> kernel, String kernelDigest,
                          String newVersionId, Instant now) {
        this(fileId, kind, kernel, kernelDigest, newVersionId, VersionDetails.NONE, now);
    }
}
