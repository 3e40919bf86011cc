package dev.tracevault.command.log;

/**
 * What a log command did: the log, the file and version it belongs to, its status and the
 * sequence number of its newest event (a reader that waits for this sequence sees the write).
 */
public record LogWritten(String logId, String fileId, String versionId, LogStatus status, long sequence) {
}
