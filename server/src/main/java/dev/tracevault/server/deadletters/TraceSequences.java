package dev.tracevault.server.deadletters;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sequence of an event in the dead-letter queue: its trace. A log's events go by the trace
 * root it was registered under (an Evaluator Log's by the trace of the log it judges), a log in
 * no trace is its own, and any other aggregate (a File) is its own sequence. Events of one trace
 * depend on each other in the asynchronous views (a child adds to its ancestors' rows, a judgment
 * finds the log it judges), so when one of them is parked the later ones wait for it; other
 * traces go on. Looked up only while some sequence is parked (one query per event then).
 */
@Component
class TraceSequences {

    private final JdbcTemplate jdbc;

    TraceSequences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    String of(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> domain) || domain.getAggregateIdentifier() == null) {
            return event.getIdentifier();
        }
        String id = domain.getAggregateIdentifier();
        for (int depth = 0; depth < 2; depth++) {
            var rows = jdbc.queryForList("select trace_id, judged_log_id from log_registry where log_id = ?", id);
            if (rows.isEmpty()) {
                return id;
            }
            var row = rows.getFirst();
            Object judged = row.get("judged_log_id"); // the rows' maps ignore the case of names
            if (judged == null) {
                Object trace = row.get("trace_id");
                return trace == null ? id : trace.toString();
            }
            id = judged.toString();
        }
        return id;
    }
}
