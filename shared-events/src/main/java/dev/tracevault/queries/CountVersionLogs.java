package dev.tracevault.queries;

/** Asks how many logs (erased ones included) name the file version {@code versionId}: answers a {@code Long}. */
public record CountVersionLogs(String versionId) {
}
