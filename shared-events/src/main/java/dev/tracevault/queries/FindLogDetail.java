package dev.tracevault.queries;

import java.time.Instant;

/**
 * Asks for one log as {@code GET /v5/logs/{id}} returns it, but with {@code trace_children} left
 * empty (a trace's shape is read with {@link FindTrace}): now, at the instant {@code asOf}, or right
 * after its event number {@code version} (at most one of the two is given).
 */
public record FindLogDetail(String logId, Instant asOf, Long version) {
}
