package dev.tracevault.queries;

/**
 * Asks for a directory as the API returns it: with {@code withContents}, its {@code parents},
 * {@code subdirectories} and {@code files} as well.
 */
public record FindDirectory(String directoryId, boolean withContents) {
}
