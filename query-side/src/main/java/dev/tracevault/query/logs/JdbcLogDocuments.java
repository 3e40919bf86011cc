package dev.tracevault.query.logs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The log documents in the {@code log_document} table: the read model the API serves. Their
 * content is stored as {@link DocumentSeal} says: in the clear, or sealed (then without listing
 * text).
 */
@Repository
class JdbcLogDocuments implements LogDocuments {

    static final String COLUMNS = "log_id, kind, file_id, version_id, trace_id, trace_parent_id, last_sequence,"
            + " start_time, logged_at, body, judged_log_id, judged_trace_id, has_children, judged";

    private final JdbcTemplate jdbc;
    private final DocumentSeal seal;

    @Autowired
    JdbcLogDocuments(JdbcTemplate jdbc, DocumentSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /** Content in the clear (tests). */
    JdbcLogDocuments(JdbcTemplate jdbc) {
        this(jdbc, DocumentSeal.NONE);
    }

    /** Whether documents are sealed: a search must then open them ({@link LogListing}). */
    boolean sealed() {
        return seal.active();
    }

    @Override
    public Optional<Row> find(String logId) {
        return jdbc.query("select " + COLUMNS + " from log_document where log_id = ?", this::row, logId)
                .stream().findFirst();
    }

    @Override
    public List<Row> trace(String traceId) {
        return jdbc.query("select " + COLUMNS + " from log_document where trace_id = ?"
                + " order by start_time nulls last, logged_at, log_id", this::row, traceId);
    }

    /**
     * Every log of the trace as its outline shows it, in sibling order ({@link #trace}), read from
     * the outline columns without the documents: a trace of 10,000 logs reads a few hundred kilobytes
     * and opens nothing.
     */
    List<OutlineRow> outline(String traceId) {
        return jdbc.query("select log_id, kind, version_id, trace_parent_id, start_time, end_time, logged_at,"
                + " log_status, has_error, erased, tokens, cost from log_document where trace_id = ?"
                + " order by start_time nulls last, logged_at, log_id", (rs, i) -> {
                    boolean error = rs.getBoolean(9);
                    boolean written = !rs.wasNull();
                    Long tokens = rs.getObject(11) == null ? null : rs.getLong(11);
                    Double cost = rs.getObject(12) == null ? null : rs.getDouble(12);
                    return new OutlineRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs, 5), instant(rs, 6), instant(rs, 7), written
                            ? new Outline(rs.getString(8), error, rs.getBoolean(10), tokens, cost) : null);
                }, traceId);
    }

    /** The rows of {@code logIds} that exist, in no particular order. */
    List<Row> findAll(Collection<String> logIds) {
        if (logIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select " + COLUMNS + " from log_document where log_id in ("
                + String.join(", ", Collections.nCopies(logIds.size(), "?")) + ")", this::row,
                logIds.toArray());
    }

    /** Every log of the trace {@code traceId} and every Evaluator Log judging one, each with the log it judges. */
    List<String[]> membersOf(String traceId) {
        return jdbc.query("select log_id, judged_log_id from log_document where trace_id = ? or judged_trace_id = ?"
                + " or log_id = ?", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, traceId, traceId,
                traceId);
    }

    /**
     * Which of {@code logIds} belong to the trace {@code traceId} (a member, the root itself, or an
     * Evaluator Log judging a member), each with the log it judges (null if it judges none).
     */
    List<String[]> membersAmong(String traceId, Collection<String> logIds) {
        if (logIds.isEmpty()) {
            return List.of();
        }
        var args = new java.util.ArrayList<Object>(List.of(traceId, traceId, traceId));
        args.addAll(logIds);
        return jdbc.query("select log_id, judged_log_id from log_document where (trace_id = ? or judged_trace_id = ?"
                + " or log_id = ?) and log_id in (" + String.join(", ", Collections.nCopies(logIds.size(), "?")) + ")",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, args.toArray());
    }

    @Override
    public List<Row> judgmentsOf(String logId) {
        return jdbc.query("select " + COLUMNS + " from log_document where judged_log_id = ?"
                + " order by logged_at, log_id", this::row, logId);
    }

    @Override
    public List<Row> judgmentsOfAny(List<String> logIds) {
        if (logIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select " + COLUMNS + " from log_document where judged_log_id in ("
                + String.join(", ", Collections.nCopies(logIds.size(), "?")) + ") order by logged_at, log_id",
                this::row, logIds.toArray());
    }

    @Override
    public List<Row> judgmentsOfTrace(String traceId) {
        return jdbc.query("select " + COLUMNS + " from log_document where judged_trace_id = ?"
                + " order by logged_at, log_id", this::row, traceId);
    }

    @Override
    public boolean hasChildren(String logId) {
        return !jdbc.queryForList("select log_id from log_document where trace_parent_id = ? fetch first 1 rows only",
                String.class, logId).isEmpty();
    }

    @Override
    public Map<String, Instant> childEnds(String logId) {
        Map<String, Instant> ends = new HashMap<>();
        jdbc.query("select log_id, end_time from log_document where trace_parent_id = ?",
                rs -> {
                    ends.put(rs.getString(1), instant(rs, 2));
                }, logId);
        return ends;
    }

    @Override
    public Optional<Row> findForUpdate(String logId) {
        return jdbc.query("select " + COLUMNS + " from log_document where log_id = ? for update", this::row,
                logId).stream().findFirst();
    }

    @Override
    public void insertAll(List<Written> written) {
        if (written.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into log_document (log_id, kind, file_id, version_id, trace_id, trace_parent_id,"
                        + " last_sequence, start_time, end_time, logged_at, body, judged_log_id, judged_trace_id,"
                        + " created_at, search_text, metadata_text, has_children, judged, log_status, has_error, erased,"
                        + " tokens, cost, judgment) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)",
                written.stream().map(w -> {
                    Row row = w.row();
                    Listing listing = w.listing();
                    Outline outline = w.outline();
                    return new Object[] {row.logId(), row.kind(), row.fileId(), row.versionId(), row.traceId(),
                        row.traceParentId(), row.lastSequence(), utc(row.startTime()), utc(w.endTime()),
                        utc(row.loggedAt()), seal.seal(row.logId(), row.body()), row.judgedLogId(), row.judgedTraceId(),
                        utc(listing.createdAt()), text(listing.searchText()), text(listing.metadataText()),
                        row.hasChildren(), row.judged(), outline.status(), outline.error(), outline.erased(),
                        outline.tokens(), outline.cost(), judgment(listing.judgment())};
                }).toList());
    }

    @Override
    public void writeAll(List<Written> written) {
        if (written.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("update log_document set body = ?, last_sequence = ?, start_time = ?, end_time = ?,"
                        + " created_at = ?, search_text = ?, metadata_text = ?, has_children = ?, judged = ?,"
                        + " log_status = ?, has_error = ?, erased = ?, tokens = ?, cost = ?, judgment = ? where log_id = ?",
                written.stream().map(w -> {
                    Row row = w.row();
                    Listing listing = w.listing();
                    Outline outline = w.outline();
                    return new Object[] {seal.seal(row.logId(), row.body()), row.lastSequence(), utc(row.startTime()),
                        utc(w.endTime()), utc(listing.createdAt()), text(listing.searchText()),
                        text(listing.metadataText()), row.hasChildren(), row.judged(), outline.status(),
                        outline.error(), outline.erased(), outline.tokens(), outline.cost(), judgment(listing.judgment()),
                        row.logId()};
                }).toList());
    }

    /** A judgment as stored: none where documents are sealed (it is content). */
    private String judgment(String judgment) {
        return seal.active() ? null : judgment;
    }

    /** Listing text as stored: none where documents are sealed (it is content). */
    private String text(String listing) {
        return seal.active() ? "" : listing;
    }

    @Override
    public void delete(String logId) {
        jdbc.update("delete from log_document where log_id = ?", logId);
    }

    @Override
    public void deleteAll() {
        jdbc.update("delete from log_document");
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A row of {@link #COLUMNS}, its body open. */
    Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), instant(rs, 8), instant(rs, 9), seal.open(rs.getString(1),
                rs.getString(10)), rs.getString(11), rs.getString(12), rs.getBoolean(13), rs.getBoolean(14));
    }
}
