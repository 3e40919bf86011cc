package dev.tracevault.query.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What a file's life changes in the files view ({@code file_document}, {@code file_version}) and the
 * {@code directory_document} table: moves, deletions, version updates and deletions, directories, and
 * the listing of files of every kind.
 */
@Repository
class FileLifeDocuments {

    private final JdbcTemplate jdbc;

    FileLifeDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void move(String fileId, String path, String name, Instant at) {
        jdbc.update("update file_document set path = ?, name = ?, updated_at = ? where file_id = ?", path, name,
                utc(at), fileId);
    }

    void delete(String fileId, Instant at) {
        jdbc.update("update file_document set deleted_at = ? where file_id = ?", utc(at), fileId);
    }

    boolean isDeleted(String fileId) {
        return jdbc.queryForObject("select count(*) from file_document where file_id = ? and deleted_at is not null",
                Long.class, fileId) > 0;
    }

    void updateVersion(String versionId, String name, String description) {
        jdbc.update("update file_version set version_name = ?, version_description = ? where version_id = ?", name,
                description, versionId);
    }

    /** Removes the version; the file's latest version is then its newest other one. */
    void deleteVersion(String fileId, String versionId) {
        jdbc.update("delete from file_version where version_id = ?", versionId);
        String latest = jdbc.queryForList("select version_id from file_version where file_id = ?"
                + " order by created_at desc, version_id desc fetch first 1 rows only", String.class, fileId)
                .stream().findFirst().orElse(null);
        jdbc.update("update file_document set latest_version_id = ? where file_id = ?", latest, fileId);
    }

    long versionLogs(String versionId) {
        return jdbc.queryForObject("select count(*) from log_document where version_id = ?", Long.class, versionId);
    }

    /** A directory as the API shows it. */
    record Directory(String id, String path, String name, String parentId, Instant createdAt, Instant updatedAt) {
    }

    private static final String DIRECTORY = "select directory_id, path, name, parent_id, created_at, updated_at"
            + " from directory_document";

    void insertDirectory(String id, String path, String name, String parentId, Instant at) {
        if (directory(id).isEmpty()) {
            jdbc.update("insert into directory_document (directory_id, path, name, parent_id, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?)", id, path, name, parentId, utc(at), utc(at));
        }
    }

    void moveDirectory(String id, String path, String name, String parentId, Instant at) {
        jdbc.update("update directory_document set path = ?, name = ?, parent_id = ?, updated_at = ?"
                + " where directory_id = ?", path, name, parentId, utc(at), id);
    }

    void deleteDirectory(String id) {
        jdbc.update("delete from directory_document where directory_id = ?", id);
    }

    Optional<Directory> directory(String id) {
        return jdbc.query(DIRECTORY + " where directory_id = ?", FileLifeDocuments::directory, id).stream()
                .findFirst();
    }

    List<Directory> directories() {
        return jdbc.query(DIRECTORY + " order by path", FileLifeDocuments::directory);
    }

    List<Directory> subdirectories(String id) {
        return jdbc.query(DIRECTORY + " where parent_id = ? order by name", FileLifeDocuments::directory, id);
    }

    /** The ids and kinds of the live files right inside the directory at {@code path}. */
    List<String[]> filesIn(String path) {
        return jdbc.query("select file_id, kind, path from file_document where deleted_at is null and path like ?"
                + " escape '\\' order by name", (rs, i) -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)}, like(path) + "/%").stream()
                .filter(f -> f[2].indexOf('/', path.length() + 1) < 0).toList();
    }

    void deleteDirectories() {
        jdbc.update("delete from directory_document");
    }

    /**
     * One page of the ids and kinds of the live files of {@code kinds} (empty: every kind), those with
     * a version deployed to {@code environmentId} only when it is given.
     */
    record Page(List<String[]> files, long total) {
    }

    Page page(List<String> kinds, int page, int size, String name, String sortBy, boolean ascending,
              String environmentId) {
        String order = switch (sortBy) {
            case "name" -> "lower(name)";
            case "updated_at" -> "updated_at";
            default -> "created_at";
        };
        StringBuilder where = new StringBuilder(" from file_document where deleted_at is null");
        List<Object> args = new java.util.ArrayList<>();
        if (!kinds.isEmpty()) {
            where.append(" and kind in (").append(String.join(",", kinds.stream().map(k -> "?").toList())).append(')');
            args.addAll(kinds);
        }
        if (environmentId != null) {
            where.append(" and file_id in (select file_id from file_deployment_document where environment_id = ?)");
            args.add(environmentId);
        }
        if (name != null) {
            where.append(" and lower(name) like ? escape '\\'");
            args.add("%" + like(name.toLowerCase(Locale.ROOT)) + "%");
        }
        long total = jdbc.queryForObject("select count(*)" + where, Long.class, args.toArray());
        List<String[]> files = jdbc.query("select file_id, kind" + where + " order by " + order
                + (ascending ? " asc" : " desc") + ", file_id offset " + ((long) (page - 1) * size)
                + " rows fetch next " + size + " rows only", (rs, i) -> new String[] {rs.getString(1),
                rs.getString(2)}, args.toArray());
        return new Page(files, total);
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Directory directory(ResultSet rs, int row) throws SQLException {
        return new Directory(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
