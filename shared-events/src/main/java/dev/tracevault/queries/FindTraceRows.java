package dev.tracevault.queries;

import java.util.List;

/**
 * Asks for the current outline rows ({@link FindTrace}) of some logs of the trace {@code traceId}
 * and of their ancestors (whose times a descendant widens), as {@code {"rows": [...], "removed":
 * [...]}}: {@code removed} names the asked logs the trace no longer holds.
 */
public record FindTraceRows(String traceId, List<String> logIds) {

    public FindTraceRows {
        logIds = List.copyOf(logIds);
    }
}
