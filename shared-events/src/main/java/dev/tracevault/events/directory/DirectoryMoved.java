package dev.tracevault.events.directory;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The (empty) directory {@code directoryId} was moved or renamed to {@code path}, inside {@code parentId}. */
@Revision("1")
public record DirectoryMoved(String directoryId, String fromPath, String path, String name, String parentId,
                             Instant at) {
}
