package dev.tracevault.events.flow;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A Flow got a new version, defined by its kernel, the {@code attributes}.
 *
 * @param kernelDigest digest of the canonical attributes: equal kernels share a version
 */
@Revision("1")
public record FlowVersionCreated(
        String flowId, String versionId, Map<String, Object> attributes, String kernelDigest, Instant createdAt) {
}
