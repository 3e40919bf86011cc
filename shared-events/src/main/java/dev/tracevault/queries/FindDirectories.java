package dev.tracevault.queries;

/** Asks for every directory, as a JSON list. */
public record FindDirectories() {
}
