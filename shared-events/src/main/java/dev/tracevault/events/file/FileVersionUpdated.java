package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The version {@code versionId} of the file {@code fileId} got a new {@code versionName} and
 * {@code versionDescription} (each as it is now: null when it has none).
 */
@Revision("1")
public record FileVersionUpdated(String fileId, String versionId, String versionName, String versionDescription,
                                 Instant at) {
}
