package dev.tracevault.queries;

/**
 * Asks for a log as {@code GET /v5/logs/{id}} returns it ({@link FindLog}), answered as a
 * {@link JsonStream}: a log with tens of thousands of trace children is written out as it is
 * rendered, never held whole in memory.
 */
public record StreamLog(String logId) {
}
