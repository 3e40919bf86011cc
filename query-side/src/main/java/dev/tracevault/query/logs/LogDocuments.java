package dev.tracevault.query.logs;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code log_document} table: one row per log, its body the log's JSON as the API returns it
 * minus the parts composed at read time (its file object, evaluator logs and trace children).
 */
@Repository
class LogDocuments {

    private final JdbcTemplate jdbc;

    LogDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Row(String logId, String kind, String fileId, String versionId, long lastSequence, String body) {
    }

    Optional<Row> find(String logId) {
        return jdbc.query("select log_id, kind, file_id, version_id, last_sequence, body from log_document where log_id = ?",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6)), logId).stream().findFirst();
    }

    /** Inserts the row unless it exists (a redelivered creation changes nothing). */
    void insert(Row row, String traceId, String traceParentId) {
        if (find(row.logId()).isPresent()) {
            return;
        }
        jdbc.update("insert into log_document (log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence, body)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                row.logId(), row.kind(), row.fileId(), row.versionId(), traceId, traceParentId, row.lastSequence(),
                row.body());
    }

    /** Stores a new body for the event at {@code sequence}, unless the row is already past it. */
    void update(String logId, long sequence, String body) {
        jdbc.update("update log_document set body = ?, last_sequence = ? where log_id = ? and last_sequence < ?",
                body, sequence, logId, sequence);
    }

    void deleteAll() {
        jdbc.update("delete from log_document");
    }
}
