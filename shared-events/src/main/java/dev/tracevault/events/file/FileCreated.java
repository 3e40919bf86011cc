package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A file (a Flow, Prompt, Tool or Evaluator: {@code kind}) was created at {@code path}; its
 * {@code name} is the last segment of the path.
 */
@Revision("1")
public record FileCreated(String fileId, String kind, String path, String name, Instant createdAt) {
}
