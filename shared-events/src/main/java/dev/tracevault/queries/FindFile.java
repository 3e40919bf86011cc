package dev.tracevault.queries;

/**
 * Asks for a file of {@code kind} as the API returns it, at {@code versionId} (null: the latest),
 * once the read model reflects the file's events up to {@code minSequence} (-1: as it is now) and
 * knows that version: a writer passes what its write reached to read its own write.
 */
public record FindFile(String fileId, String kind, String versionId, long minSequence) {
}
