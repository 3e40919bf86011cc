package dev.tracevault.queries;

import java.time.Instant;

/**
 * Asks for the outline of the trace that holds {@code logId}: one small row per log of the trace
 * (ids, parent, kind, file path, status, times, tokens, cost, whether it failed, its judgments), in
 * sibling order, without the logs' content, so that a trace of tens of thousands of logs answers
 * in a few megabytes. At {@code asOf} (null: now) the trace as it was then, rebuilt from the events.
 */
public record FindTrace(String logId, Instant asOf) {
}
