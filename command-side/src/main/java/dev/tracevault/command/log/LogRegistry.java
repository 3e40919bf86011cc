package dev.tracevault.command.log;

import dev.tracevault.events.log.TraceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every log id, the kind of log that holds it and the trace it belongs to. Written in the same
 * transaction as the log's creation, so a log id is unique across kinds, and a child can find the
 * root of the trace it joins without loading the parent's history.
 */
@Component
public class LogRegistry {

    private final JdbcTemplate jdbc;

    LogRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A registered log: its kind and its trace (null outside any trace). */
    public record Entry(String logId, String kind, TraceRef trace) {
    }

    public Optional<Entry> find(String logId) {
        return jdbc.query("select log_id, kind, trace_id, trace_flow_id from log_registry where log_id = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2),
                        rs.getString(3) == null ? null : new TraceRef(rs.getString(3), rs.getString(4))), logId)
                .stream().findFirst();
    }

    /**
     * Registers a new log; a {@code DuplicateKeyException} means another request registered it first.
     *
     * @param traceParentId the log it sits below in its trace, or null
     * @param judgedLogId   for an Evaluator Log, the log it judges; else null
     */
    public void register(String logId, String kind, TraceRef trace, String traceParentId, String judgedLogId) {
        jdbc.update("insert into log_registry (log_id, kind, trace_id, trace_flow_id, trace_parent_id, judged_log_id)"
                + " values (?, ?, ?, ?, ?, ?)", logId, kind, trace == null ? null : trace.traceId(),
                trace == null ? null : trace.traceFlowId(), traceParentId, judgedLogId);
    }

    /**
     * The logs that erasing {@code logIds} erases with them: every log below them in their traces,
     * and every Evaluator Log judging any of these, recursively. Includes {@code logIds}.
     */
    public List<Entry> withDependents(Collection<String> logIds) {
        Map<String, Entry> found = new LinkedHashMap<>();
        List<String> frontier = new ArrayList<>(logIds);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String id : frontier) {
                if (found.containsKey(id)) {
                    continue;
                }
                find(id).ifPresent(entry -> found.put(id, entry));
                next.addAll(jdbc.queryForList("select log_id from log_registry where trace_parent_id = ?"
                        + " or judged_log_id = ?", String.class, id, id));
            }
            frontier = next;
        }
        return new ArrayList<>(found.values());
    }
}
