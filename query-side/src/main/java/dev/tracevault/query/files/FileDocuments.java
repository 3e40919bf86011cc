package dev.tracevault.query.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code file_document} and {@code file_version} tables: files, their versions and their usage. */
@Repository
public class FileDocuments implements FileReads {

    private final JdbcTemplate jdbc;

    public FileDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One version of a file, with what the file responses show of it. */
    public record Version(String fileId, String kind, String path, String name, String versionId, String kernel,
                          Instant createdAt, Instant lastUsedAt, long logsCount, long totalLogsCount,
                          Described described) {

        /** The same version with other usage figures. */
        public Version used(Instant lastUsed, long logs, long totalLogs) {
            return new Version(fileId, kind, path, name, versionId, kernel, createdAt, lastUsed, logs, totalLogs,
                    described);
        }
    }

    /** What an upsert said of a version: its name and description, the file's description, tags (JSON) and readme. */
    public record Described(String versionName, String versionDescription, String description, String tags,
                            String readme) {
    }

    private static final String VERSION_SELECT = "select f.file_id, f.kind, f.path, f.name, v.version_id, v.kernel,"
            + " v.created_at, v.last_used_at, v.version_logs_count, f.total_logs_count, v.version_name,"
            + " v.version_description, v.description, v.tags, v.readme"
            + " from file_version v join file_document f on f.file_id = v.file_id";

    /** Every version of the file, newest first. */
    public List<Version> versions(String fileId) {
        return jdbc.query(VERSION_SELECT + " where v.file_id = ? and f.deleted_at is null"
                + " order by v.created_at desc, v.version_id desc",
                FileDocuments::version, fileId);
    }

    /** The id and kind of the file at {@code path}. */
    public Optional<String[]> byPath(String path) {
        return jdbc.query("select file_id, kind from file_document where path = ? and deleted_at is null",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, path).stream().findFirst();
    }

    @Override
    public Optional<Version> version(String versionId) {
        return jdbc.query(VERSION_SELECT + " where v.version_id = ?", FileDocuments::version, versionId)
                .stream().findFirst();
    }

    @Override
    public Optional<Version> latestVersion(String fileId) {
        return jdbc.query(VERSION_SELECT + " where v.version_id = (select latest_version_id from file_document"
                + " where file_id = ? and deleted_at is null)", FileDocuments::version, fileId).stream().findFirst();
    }

    /**
     * Where the file of a version is, what its version is called, and whether the file is deleted:
     * as the version shows it, with the directory its path is in and the time of its deletion.
     */
    public record Life(String path, String name, String directoryId, Instant deletedAt, String versionName,
                       String versionDescription) {
    }

    @Override
    public Life life(Version v) {
        Instant deletedAt = jdbc.queryForList("select deleted_at from file_document where file_id = ?",
                OffsetDateTime.class, v.fileId()).stream().filter(java.util.Objects::nonNull).findFirst()
                .map(OffsetDateTime::toInstant).orElse(null);
        return new Life(v.path(), v.name(), directoryOf(v.path()), deletedAt, v.described().versionName(),
                v.described().versionDescription());
    }

    /** The id of the directory that {@code path} is in, or null (at the top, or in no known directory). */
    public String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return jdbc.queryForList("select directory_id from directory_document where path = ?", String.class,
                path.substring(0, slash)).stream().findFirst().orElse(null);
    }

    /** A monitoring evaluator of a file; {@code evaluatorVersionId} or {@code environment} is null. */
    public record Monitor(String evaluatorId, String evaluatorVersionId, String environment, String state,
                          Instant createdAt, Instant updatedAt) {
    }

    void insertFile(String fileId, String kind, String path, String name, Instant createdAt, long sequence) {
        if (jdbc.queryForObject("select count(*) from file_document where file_id = ?", Long.class, fileId) > 0) {
            return;
        }
        jdbc.update("insert into file_document (file_id, kind, path, name, created_at, updated_at, last_sequence)"
                + " values (?, ?, ?, ?, ?, ?, ?)", fileId, kind, path, name, utc(createdAt), utc(createdAt), sequence);
    }

    /** Records that the file's events up to {@code sequence} are projected. */
    void advance(String fileId, long sequence) {
        jdbc.update("update file_document set last_sequence = ? where file_id = ? and last_sequence < ?", sequence,
                fileId, sequence);
    }

    /** The sequence of the file's newest projected event, or empty if the file is unknown. */
    public Optional<Long> lastSequence(String fileId) {
        return jdbc.queryForList("select last_sequence from file_document where file_id = ?", Long.class, fileId)
                .stream().findFirst();
    }

    void monitor(String fileId, String evaluatorId, String evaluatorVersionId, String environment, String state,
                 Instant at) {
        String version = evaluatorVersionId == null ? "" : evaluatorVersionId;
        String env = environment == null ? "" : environment;
        int updated = jdbc.update("update file_monitor_document set state = ?, updated_at = ? where file_id = ?"
                + " and evaluator_id = ? and evaluator_version_id = ? and environment = ?", state, utc(at), fileId,
                evaluatorId, version, env);
        if (updated == 0) {
            jdbc.update("insert into file_monitor_document (file_id, evaluator_id, evaluator_version_id, environment,"
                    + " state, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)", fileId, evaluatorId, version, env,
                    state, utc(at), utc(at));
        }
    }

    @Override
    public List<Monitor> monitors(String fileId) {
        return jdbc.query("select evaluator_id, evaluator_version_id, environment, state, created_at, updated_at"
                + " from file_monitor_document where file_id = ? order by created_at, evaluator_id",
                (rs, i) -> new Monitor(rs.getString(1), emptyToNull(rs.getString(2)), emptyToNull(rs.getString(3)),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant()), fileId);
    }

    /** One page of the ids of the files of {@code kind}, and how many there are in all. */
    public record Page(List<String> fileIds, long total) {
    }

    public Page page(String kind, int page, int size, String name, String sortBy, boolean ascending) {
        String order = switch (sortBy) {
            case "name" -> "lower(name)";
            case "updated_at" -> "updated_at";
            default -> "created_at";
        };
        String where = " from file_document where kind = ? and deleted_at is null" + (name == null ? "" : " and lower(name) like ?");
        Object[] args = name == null ? new Object[] {kind}
                : new Object[] {kind, "%" + name.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%"};
        String like = name == null ? "" : " escape '\\'";
        long total = jdbc.queryForObject("select count(*)" + where + like, Long.class, args);
        List<String> ids = jdbc.queryForList("select file_id" + where + like + " order by " + order
                + (ascending ? " asc" : " desc") + ", file_id offset " + ((long) (page - 1) * size)
                + " rows fetch next " + size + " rows only", String.class, args);
        return new Page(ids, total);
    }

    void insertVersion(String fileId, String versionId, String kernel, Instant createdAt, Described described) {
        if (jdbc.queryForObject("select count(*) from file_version where version_id = ?", Long.class, versionId) > 0) {
            return;
        }
        jdbc.update("insert into file_version (version_id, file_id, kernel, created_at, last_used_at, version_logs_count,"
                + " version_name, version_description, description, tags, readme) values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                versionId, fileId, kernel, utc(createdAt), utc(createdAt), described.versionName(),
                described.versionDescription(), described.description(), described.tags(), described.readme());
        jdbc.update("update file_document set latest_version_id = ?, updated_at = ? where file_id = ?",
                versionId, utc(createdAt), fileId);
    }

    void countLogs(String fileId, long logs) {
        jdbc.update("update file_document set total_logs_count = total_logs_count + ? where file_id = ?", logs, fileId);
    }

    void countVersionLogs(String versionId, long logs, Instant lastUsed) {
        jdbc.update("update file_version set version_logs_count = version_logs_count + ?,"
                + " last_used_at = case when last_used_at < ? then ? else last_used_at end where version_id = ?",
                logs, utc(lastUsed), utc(lastUsed), versionId);
    }

    void deleteAll() {
        jdbc.update("delete from file_monitor_document");
        jdbc.update("delete from file_version");
        jdbc.update("delete from file_document");
    }

    private static Version version(ResultSet rs, int row) throws SQLException {
        return new Version(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getLong(9), rs.getLong(10),
                new Described(rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                        rs.getString(15)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
