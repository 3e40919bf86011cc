package dev.tracevault.command.file;

/**
 * A monitoring evaluator as a file names it (spec §3.14): pinned to {@code evaluatorVersionId}, or
 * following the version of {@code evaluatorId} deployed to {@code environment} (version id null).
 */
public record MonitorRef(String evaluatorId, String evaluatorVersionId, String environment) {
}
