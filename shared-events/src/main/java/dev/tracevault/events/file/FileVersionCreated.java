package dev.tracevault.events.file;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A file got a new version, defined by its kernel: a Flow's {@code attributes}, a Prompt's or
 * Tool's kernel fields (wire names).
 *
 * @param kernelDigest digest of the canonical kernel: equal kernels share a version
 */
@Revision("1")
public record FileVersionCreated(
        String fileId, String versionId, Map<String, Object> kernel, String kernelDigest, Instant createdAt) {
}
