package dev.tracevault.queries;

/**
 * Asks for a log as the API returns it. Asked inside a write's transaction (after the write's
 * events were projected), it answers what that transaction wrote.
 */
public record FindLog(String logId) {
}
