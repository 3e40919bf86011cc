package dev.tracevault.queries;

import java.time.Instant;

/**
 * Asks for a log as the API returned it at an earlier moment, with its trace children as they
 * were then: at the instant {@code asOf}, or right after the log's event number {@code version}.
 * Exactly one of the two is given.
 */
public record FindLogAsOf(String logId, Instant asOf, Long version) {
}
