package dev.tracevault.queries;

/** Asks for the events of a log, oldest first, read from the event store (not from a read model). */
public record FindLogHistory(String logId) {
}
