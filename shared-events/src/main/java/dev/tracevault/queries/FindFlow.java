package dev.tracevault.queries;

/**
 * Asks for a Flow file as the API returns it: the version {@code versionId} if given, else the
 * version deployed to {@code environment}, else the default version (as {@link FindFile}).
 */
public record FindFlow(String flowId, String versionId, String environment) {
}
