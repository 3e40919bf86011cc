package dev.tracevault.queries;

/**
 * Asks for a page of logs as {@code GET /v5/logs} returns it ({@link ListLogs}), answered as a
 * {@link JsonStream}: a page of large logs is written log by log, never held whole in memory.
 */
public record StreamLogs(ListLogs query) {
}
