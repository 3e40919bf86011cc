package dev.tracevault.events.directory;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A directory was created at {@code path} (its {@code name} is the last segment), inside the
 * directory {@code parentId} (null at the top): explicitly, or because a file was put under it.
 */
@Revision("1")
public record DirectoryCreated(String directoryId, String path, String name, String parentId, Instant at) {
}
