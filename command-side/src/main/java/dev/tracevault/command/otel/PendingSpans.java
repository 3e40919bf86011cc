package dev.tracevault.command.otel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spans whose parent log does not exist yet ({@code otel_pending_span}): kept until the parent
 * arrives (then they are written below it), or until they are too old (then each is written as a
 * log of its own). A span that could not be written when its turn came is kept with the reason,
 * for {@code tracevault.otel.pending.max-age}, instead of vanishing.
 */
@Component
public class PendingSpans {

    /** How far up a chain of waiting spans a cycle is looked for. */
    private static final int MAX_CHAIN = 100;

    private final JdbcTemplate jdbc;
    private final JsonMapper mapper;
    private final SpanSeal seal;

    PendingSpans(JdbcTemplate jdbc, JsonMapper mapper, SpanSeal seal) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.seal = seal;
    }

    /** A span waiting (or refused), as it was mapped. */
    public record Pending(SpanLog log, Instant receivedAt) {
    }

    /** Keeps {@code log} until its parent arrives; a span already waiting stays as it is. */
    public void park(SpanLog log, Instant now) {
        try {
            jdbc.update("insert into otel_pending_span (log_id, parent_log_id, received_at, span_log)"
                    + " values (?, ?, ?, ?)", log.logId(), log.parentLogId(), now.atOffset(ZoneOffset.UTC),
                    seal.sealSpan(log.logId(), mapper.writeValueAsString(log)));
        } catch (DuplicateKeyException e) {
            // the same span sent again while it waits
        }
    }

    /**
     * Whether {@code logId} is among the logs {@code parentLogId} waits for, through waiting spans
     * (its parent, its parent's parent, ...): then the two wait for each other, for ever.
     */
    public boolean waitsBelow(String logId, String parentLogId) {
        String at = parentLogId;
        for (int step = 0; at != null && step < MAX_CHAIN; step++) {
            if (at.equals(logId)) {
                return true;
            }
            List<String> parents = jdbc.queryForList("select parent_log_id from otel_pending_span where log_id = ?"
                    + " and rejected is null", String.class, at);
            at = parents.isEmpty() ? null : parents.getFirst();
        }
        return false;
    }

    public int waiting() {
        Integer count = jdbc.queryForObject("select count(*) from otel_pending_span where rejected is null",
                Integer.class);
        return count == null ? 0 : count;
    }

    /** The spans waiting for the log {@code parentLogId}, oldest first. */
    public List<Pending> waitingFor(String parentLogId) {
        return jdbc.query("select span_log, received_at, log_id from otel_pending_span where parent_log_id = ?"
                + " and rejected is null order by received_at, log_id", this::pending, parentLogId);
    }

    /** Waiting spans whose parent log exists by now (written another way, or on another instance). */
    public List<Pending> parentArrived(int limit) {
        return jdbc.query("select p.span_log, p.received_at, p.log_id from otel_pending_span p join log_registry r"
                + " on r.log_id = p.parent_log_id where p.rejected is null order by p.received_at, p.log_id"
                + " fetch first " + limit + " rows only", this::pending);
    }

    /** Waiting spans received before {@code before}. */
    public List<Pending> olderThan(Instant before, int limit) {
        return jdbc.query("select span_log, received_at, log_id from otel_pending_span where rejected is null"
                + " and received_at < ? order by received_at, log_id fetch first " + limit + " rows only",
                this::pending, before.atOffset(ZoneOffset.UTC));
    }

    /**
     * Forgets the spans waiting below any of {@code logIds} (erased), and those waiting below them:
     * they would have been erased with them.
     */
    public void forgetBelow(Collection<String> logIds) {
        List<String> parents = List.copyOf(logIds);
        while (!parents.isEmpty()) {
            List<String> below = new ArrayList<>();
            for (String parent : parents) {
                below.addAll(jdbc.queryForList("select log_id from otel_pending_span where parent_log_id = ?",
                        String.class, parent));
                jdbc.update("delete from otel_pending_span where parent_log_id = ?", parent);
            }
            parents = below;
        }
    }

    /** The span was written: it waits no more. */
    public void remove(String logId) {
        jdbc.update("delete from otel_pending_span where log_id = ?", logId);
    }

    /** The span could not be written when its parent arrived: keep why. */
    public void reject(String logId, String reason) {
        jdbc.update("update otel_pending_span set rejected = ? where log_id = ?",
                reason.length() > 1000 ? reason.substring(0, 1000) : reason, logId);
    }

    /** Forgets refused spans received before {@code before}. */
    public int purgeRejected(Instant before) {
        return jdbc.update("delete from otel_pending_span where rejected is not null and received_at < ?",
                before.atOffset(ZoneOffset.UTC));
    }

    private Pending pending(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Pending(mapper.readValue(seal.openSpan(rs.getString(3), rs.getString(1)), SpanLog.class),
                rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
    }
}
