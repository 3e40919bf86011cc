package dev.tracevault.query.logs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code log_document} table: one row per log, its body the log's JSON as the API returns it
 * minus the parts composed at read time (its file object, evaluator logs and trace children), and
 * the columns the trace tree is ordered and walked by.
 */
@Repository
class LogDocuments {

    private static final String COLUMNS = "log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence,"
            + " start_time, logged_at, body, judged_log_id, judged_trace_id";

    private final JdbcTemplate jdbc;

    LogDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param judgedLogId   for an Evaluator Log: the log it judges
     * @param judgedTraceId for an Evaluator Log: the trace of the log it judges, or that log's id
     *                      if it is in no trace
     */
    record Row(String logId, String kind, String fileId, String versionId, String traceId, String traceParentId,
               long lastSequence, Instant startTime, Instant loggedAt, String body, String judgedLogId,
               String judgedTraceId) {

        Row withBody(long sequence, Instant start, String newBody) {
            return new Row(logId, kind, fileId, versionId, traceId, traceParentId, sequence, start, loggedAt, newBody,
                    judgedLogId, judgedTraceId);
        }
    }

    Optional<Row> find(String logId) {
        return jdbc.query("select " + COLUMNS + " from log_document where log_id = ?", LogDocuments::row, logId)
                .stream().findFirst();
    }

    /** Every log of the trace, ordered as siblings are shown: by start time, then by when they were logged. */
    List<Row> trace(String traceId) {
        return jdbc.query("select " + COLUMNS + " from log_document where trace_id = ?"
                + " order by start_time nulls last, logged_at, log_id", LogDocuments::row, traceId);
    }

    /** The Evaluator Logs judging {@code logId}, oldest first. */
    List<Row> judgmentsOf(String logId) {
        return jdbc.query("select " + COLUMNS + " from log_document where judged_log_id = ?"
                + " order by logged_at, log_id", LogDocuments::row, logId);
    }

    /** The Evaluator Logs judging any log of the trace {@code traceId}, oldest first. */
    List<Row> judgmentsOfTrace(String traceId) {
        return jdbc.query("select " + COLUMNS + " from log_document where judged_trace_id = ?"
                + " order by logged_at, log_id", LogDocuments::row, traceId);
    }

    boolean hasChildren(String logId) {
        return !jdbc.queryForList("select log_id from log_document where trace_parent_id = ? fetch first 1 rows only",
                String.class, logId).isEmpty();
    }

    /** The latest end among the direct children of {@code logId}. */
    Optional<Instant> latestChildEnd(String logId) {
        OffsetDateTime end = jdbc.queryForObject("select max(end_time) from log_document where trace_parent_id = ?",
                OffsetDateTime.class, logId);
        return Optional.ofNullable(end).map(OffsetDateTime::toInstant);
    }

    /** Inserts a new row. */
    void insert(Row row, Instant endTime) {
        jdbc.update("insert into log_document (log_id, kind, file_id, version_id, trace_id, trace_parent_id,"
                        + " last_sequence, start_time, end_time, logged_at, body, judged_log_id, judged_trace_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.logId(), row.kind(), row.fileId(), row.versionId(), row.traceId(), row.traceParentId(),
                row.lastSequence(), utc(row.startTime()), utc(endTime), utc(row.loggedAt()), row.body(),
                row.judgedLogId(), row.judgedTraceId());
    }


    /** Stores a document as a batch left it (the batch already applied the sequence rule). */
    void write(String logId, long sequence, Instant start, Instant end, String body) {
        jdbc.update("update log_document set body = ?, last_sequence = ?, start_time = ?, end_time = ? where log_id = ?",
                body, sequence, utc(start), utc(end), logId);
    }


    void delete(String logId) {
        jdbc.update("delete from log_document where log_id = ?", logId);
    }

    /** Which of {@code logIds} have a document. */
    List<String> existing(List<String> logIds) {
        return logIds.stream().filter(id -> find(id).isPresent()).toList();
    }

    void deleteAll() {
        jdbc.update("delete from log_document");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), instant(rs, 8), instant(rs, 9), rs.getString(10), rs.getString(11),
                rs.getString(12));
    }
}
