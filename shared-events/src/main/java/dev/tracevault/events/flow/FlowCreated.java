package dev.tracevault.events.flow;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A Flow file was created at {@code path}; {@code name} is the last segment of the path. */
@Revision("1")
public record FlowCreated(String flowId, String path, String name, Instant createdAt) {
}
