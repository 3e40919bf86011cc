package dev.tracevault.queries;

/**
 * Asks for a file of {@code kind} as the API returns it, at {@code versionId} (null: the latest).
 * Asked inside a write's transaction, it answers what that transaction wrote.
 */
public record FindFile(String fileId, String kind, String versionId) {
}
