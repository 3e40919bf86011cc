package dev.tracevault.command.log;

/**
 * What a log command did: the log, the file and version it belongs to, its status and the
 * sequence number of its newest event (the version {@code ?version=} shows it at).
 */
public record LogWritten(String logId, String fileId, String versionId, LogStatus status, long sequence) {
}
