package dev.tracevault.queries;

import java.time.Instant;

/**
 * Asks for the stats of a Flow, Prompt or Tool ({@code kind}) over {@code [from, to)} in buckets
 * of an hour or a day ({@code bucket}), of one version or (if {@code versionId} is null) all.
 * {@code from} and {@code to} are already aligned to bucket boundaries (UTC).
 */
public record FindFileStats(String fileId, String kind, String versionId, Instant from, Instant to, String bucket) {
}
