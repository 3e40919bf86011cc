package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The file {@code fileId} was deleted: its {@code path} is free again, its logs stay (marked as
 * belonging to a deleted file), and nothing more happens to it.
 */
@Revision("1")
public record FileDeleted(String fileId, String path, Instant at) {
}
