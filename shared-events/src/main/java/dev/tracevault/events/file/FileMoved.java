package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The file {@code fileId} was moved or renamed: it was at {@code fromPath}, it is now at {@code path}
 * with the {@code name} its last segment gives.
 */
@Revision("1")
public record FileMoved(String fileId, String fromPath, String path, String name, Instant at) {
}
