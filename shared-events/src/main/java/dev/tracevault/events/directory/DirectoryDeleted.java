package dev.tracevault.events.directory;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The (empty) directory {@code directoryId} at {@code path} was deleted. */
@Revision("1")
public record DirectoryDeleted(String directoryId, String path, Instant at) {
}
