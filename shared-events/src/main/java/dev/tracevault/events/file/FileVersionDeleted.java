package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The version {@code versionId} of the file {@code fileId}, which no log used, was deleted. */
@Revision("1")
public record FileVersionDeleted(String fileId, String versionId, Instant at) {
}
