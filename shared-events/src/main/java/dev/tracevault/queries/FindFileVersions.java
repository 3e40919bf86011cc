package dev.tracevault.queries;

/** Asks for every version of the file {@code fileId} of {@code kind}, newest first, as {@code {records: [...]}}. */
public record FindFileVersions(String fileId, String kind) {
}
