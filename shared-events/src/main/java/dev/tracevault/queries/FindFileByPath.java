package dev.tracevault.queries;

/** Asks for the file at {@code path}, of whatever kind, at its latest version. */
public record FindFileByPath(String path) {
}
