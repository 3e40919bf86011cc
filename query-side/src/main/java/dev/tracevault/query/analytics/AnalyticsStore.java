package dev.tracevault.query.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.tracevault.query.logs.DocumentSeal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The analytics tables: files, evaluator versions, one row of facts per log, and the hourly rollup. */
@Repository
class AnalyticsStore {

    /** Decimals stay decimals (judgments, latencies, costs), so sums are exact. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One hourly row. */
    record Hour(String fileId, Instant hourStart, String versionId, Rollup rollup) {
    }

    private final JdbcTemplate jdbc;
    private final DocumentSeal seal;

    @Autowired
    AnalyticsStore(JdbcTemplate jdbc, DocumentSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /** Facts in the clear (tests). */
    AnalyticsStore(JdbcTemplate jdbc) {
        this(jdbc, DocumentSeal.NONE);
    }

    void file(String fileId, String kind) {
        if (kind(fileId).isEmpty()) {
            jdbc.update("insert into analytics_file (file_id, kind) values (?, ?)", fileId, kind);
        }
    }

    Optional<String> kind(String fileId) {
        return jdbc.queryForList("select kind from analytics_file where file_id = ?", String.class, fileId).stream()
                .findFirst();
    }

    void evaluatorVersion(String versionId, String returnType) {
        if (returnType(versionId).isEmpty()) {
            jdbc.update("insert into analytics_evaluator_version (version_id, return_type) values (?, ?)", versionId,
                    returnType);
        }
    }

    Optional<String> returnType(String versionId) {
        return jdbc.queryForList("select return_type from analytics_evaluator_version where version_id = ?",
                String.class, versionId).stream().findFirst();
    }

    /**
     * A log's facts: sealed where documents are sealed ({@link DocumentSeal#sealFacts}), as they hold
     * its judgments, with a key the erasure of the log leaves to this projection to destroy.
     */
    Optional<LogFacts> facts(String logId) {
        return jdbc.queryForList("select facts from analytics_log where log_id = ?", String.class, logId).stream()
                .findFirst().map(json -> seal.openFacts(logId, json)).map(json -> JSON.readValue(json, LogFacts.class));
    }

    void insertFacts(LogFacts facts) {
        jdbc.update("insert into analytics_log (log_id, trace_parent_id, end_time, facts) values (?, ?, ?, ?)",
                facts.logId, facts.parentId, utc(facts.end), seal.sealFacts(facts.logId, JSON.writeValueAsString(facts)));
    }

    void updateFacts(LogFacts facts) {
        jdbc.update("update analytics_log set end_time = ?, facts = ? where log_id = ?", utc(facts.end),
                seal.sealFacts(facts.logId, JSON.writeValueAsString(facts)), facts.logId);
    }

    void deleteFacts(String logId) {
        jdbc.update("delete from analytics_log where log_id = ?", logId);
        seal.forgetFacts(logId);
    }

    /** The latest end among the direct trace children of {@code logId}. */
    Optional<Instant> latestChildEnd(String logId) {
        OffsetDateTime end = jdbc.queryForObject("select max(end_time) from analytics_log where trace_parent_id = ?",
                OffsetDateTime.class, logId);
        return Optional.ofNullable(end).map(OffsetDateTime::toInstant);
    }

    Optional<Rollup> hour(String fileId, Instant hourStart, String versionId) {
        return jdbc.queryForList("select body from analytics_hour where file_id = ? and hour_start = ? and version_id = ?",
                String.class, fileId, utc(hourStart), versionId).stream().findFirst()
                .map(json -> JSON.readValue(json, Rollup.class));
    }

    void insertHour(Hour hour) {
        jdbc.update("insert into analytics_hour (file_id, hour_start, version_id, body) values (?, ?, ?, ?)",
                hour.fileId(), utc(hour.hourStart()), hour.versionId(), JSON.writeValueAsString(hour.rollup()));
    }

    void updateHour(Hour hour) {
        jdbc.update("update analytics_hour set body = ? where file_id = ? and hour_start = ? and version_id = ?",
                JSON.writeValueAsString(hour.rollup()), hour.fileId(), utc(hour.hourStart()), hour.versionId());
    }

    void deleteHour(Hour hour) {
        jdbc.update("delete from analytics_hour where file_id = ? and hour_start = ? and version_id = ?",
                hour.fileId(), utc(hour.hourStart()), hour.versionId());
    }

    /** The hourly rows of a file in {@code [from, to)}, of one version or all. */
    List<Hour> hours(String fileId, String versionId, Instant from, Instant to) {
        List<Object> args = new ArrayList<>(List.of(fileId, utc(from), utc(to)));
        String sql = "select file_id, hour_start, version_id, body from analytics_hour"
                + " where file_id = ? and hour_start >= ? and hour_start < ?";
        if (versionId != null) {
            sql += " and version_id = ?";
            args.add(versionId);
        }
        return jdbc.query(sql, AnalyticsStore::hour, args.toArray());
    }

    void deleteAll() {
        jdbc.update("delete from analytics_hour");
        jdbc.update("delete from analytics_log");
        jdbc.update("delete from analytics_evaluator_version");
        jdbc.update("delete from analytics_file");
    }

    private static Hour hour(ResultSet rs, int row) throws SQLException {
        return new Hour(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                JSON.readValue(rs.getString(4), Rollup.class));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
