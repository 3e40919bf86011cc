package dev.tracevault.command.file;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a file of {@code kind} at a path that no file holds yet, with its first version. */
public record CreateFile(
        @TargetAggregateIdentifier String fileId,
        String kind,
        String path,
        Map<String, Object> kernel,
        String kernelDigest,
        String versionId,
        VersionDetails details,
        Instant now) {

    public CreateFile(String fileId, String kind, String path, Map<String, Object> kernel, String kernelDigest,
                      String versionId, Instant now) {
        this(fileId, kind, path, kernel, kernelDigest, versionId, VersionDetails.NONE, now);
    }
}
