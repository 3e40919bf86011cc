package dev.tracevault.queries;

import java.time.Instant;

/**
 * Asks for the file {@code fileId} of {@code kind} as the API returned it at {@code asOf}, at the
 * version {@code versionId} or {@code environment} (a name) meant then.
 */
public record FindFileAsOf(String fileId, String kind, String versionId, String environment, Instant asOf) {
}
