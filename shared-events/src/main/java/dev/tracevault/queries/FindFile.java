package dev.tracevault.queries;

/**
 * Asks for a file of {@code kind} as the API returns it, at the version the request means: by
 * {@code versionId}, else the one deployed to {@code environment} (a name), else the one deployed
 * to the default environment, else the newest ({@code VersionResolution}). Asked inside a write's
 * transaction, it answers what that transaction wrote.
 */
public record FindFile(String fileId, String kind, String versionId, String environment) {

    /** The file at {@code versionId}, or (null) at its default version. */
    public FindFile(String fileId, String kind, String versionId) {
        this(fileId, kind, versionId, null);
    }
}
