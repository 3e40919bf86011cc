package dev.tracevault.command.fileregistry;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which file holds which path: a set that must stay unique across concurrent requests, so it is
 * kept in a table with a unique key and claimed in the same transaction as the file's creation.
 * A request that loses the race fails on the key, and its retry finds the winner's file.
 */
@Component
public class FilePaths {

    private final JdbcTemplate jdbc;

    FilePaths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(String fileId, String kind, String path) {
    }

    public Optional<Entry> find(String path) {
        return jdbc.query("select file_id, kind, path from file_path where path = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3)), path).stream().findFirst();
    }

    /** The path and kind of the file {@code fileId}. */
    public Optional<Entry> findById(String fileId) {
        return jdbc.query("select file_id, kind, path from file_path where file_id = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3)), fileId).stream().findFirst();
    }

    /** Claims {@code path}; throws a {@code DuplicateKeyException} if another request got it first. */
    public void claim(String path, String fileId, String kind) {
        jdbc.update("insert into file_path (path, file_id, kind) values (?, ?, ?)", path, fileId, kind);
    }

    // --- a file's life ---

    /** Gives the file {@code fileId} the path {@code path}; a {@code DuplicateKeyException} if another file holds it. */
    public void move(String fileId, String path) {
        jdbc.update("update file_path set path = ? where file_id = ?", path, fileId);
    }

    /** Frees the path of the deleted file {@code fileId}. */
    public void release(String fileId) {
        jdbc.update("delete from file_path where file_id = ?", fileId);
    }

    /** Whether any file's path is under the directory {@code directoryPath}. */
    public boolean anyUnder(String directoryPath) {
        return !jdbc.queryForList("select file_id from file_path where path like ? escape '\\' fetch first 1 rows only",
                String.class, like(directoryPath) + "/%").isEmpty();
    }

    /** {@code text} as a LIKE pattern matching exactly itself. */
    public static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
