package dev.tracevault.queries;

/**
 * Asks for the file at {@code path}, of whatever kind, at the version deployed to
 * {@code environment} (a name), or with none given at its default version (as {@link FindFile}).
 */
public record FindFileByPath(String path, String environment) {

    public FindFileByPath(String path) {
        this(path, null);
    }
}
