package dev.tracevault.events.file;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A file got a new version, defined by its kernel: a Flow's {@code attributes}, a Prompt's or
 * Tool's kernel fields (wire names).
 *
 * <p>The last five components came later (upserts, spec §3.11, §3.16) and are null when not given:
 * events stored before them read as such, so the revision stays 1.
 *
 * @param kernelDigest       digest of the canonical kernel: equal kernels share a version
 * @param versionName        the version's name, unique within the file
 * @param versionDescription what the version is about
 * @param description        the file's description as the upsert that made this version gave it
 * @param tags               the file's tags, as above
 * @param readme             the file's long description, as above
 */
@Revision("1")
public record FileVersionCreated(
        String fileId, String versionId, Map<String, Object> kernel, String kernelDigest, Instant createdAt,
        String versionName, String versionDescription, String description, List<String> tags, String readme) {

    /** A version made by a log request: no name, no description. */
    public FileVersionCreated(String fileId, String versionId, Map<String, Object> kernel, String kernelDigest,
                              Instant createdAt) {
        this(fileId, versionId, kernel, kernelDigest, createdAt, null, null, null, null, null);
    }
}
