package dev.tracevault.queries;

/** Asks for every event of the file {@code fileId} of {@code kind}, with who caused it and when. */
public record FindFileHistory(String fileId, String kind) {
}
