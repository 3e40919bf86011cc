package dev.tracevault.queries;

import java.time.Instant;

/** Asks for the file {@code fileId} of {@code kind} as the API returned it at {@code asOf}. */
public record FindFileAsOf(String fileId, String kind, String versionId, Instant asOf) {
}
