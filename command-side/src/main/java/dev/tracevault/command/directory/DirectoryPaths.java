package dev.tracevault.command.directory;

import dev.tracevault.command.fileregistry.FilePaths;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which directory holds which path: unique across concurrent requests like {@link FilePaths}, and
 * claimed in the transaction of the directory's creation.
 */
@Component
public class DirectoryPaths {

    private final JdbcTemplate jdbc;

    DirectoryPaths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(String directoryId, String path) {
    }

    public Optional<Entry> find(String path) {
        return jdbc.query("select directory_id, path from directory_path where path = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2)), path).stream().findFirst();
    }

    public Optional<Entry> findById(String directoryId) {
        return jdbc.query("select directory_id, path from directory_path where directory_id = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2)), directoryId).stream().findFirst();
    }

    /** Claims {@code path}; a {@code DuplicateKeyException} if another request got it first. */
    public void claim(String path, String directoryId) {
        jdbc.update("insert into directory_path (path, directory_id) values (?, ?)", path, directoryId);
    }

    public void move(String directoryId, String path) {
        jdbc.update("update directory_path set path = ? where directory_id = ?", path, directoryId);
    }

    public void release(String directoryId) {
        jdbc.update("delete from directory_path where directory_id = ?", directoryId);
    }

    /** Whether any directory is inside {@code path}. */
    public boolean anyUnder(String path) {
        return !jdbc.queryForList("select directory_id from directory_path where path like ? escape '\\'"
                + " fetch first 1 rows only", String.class, FilePaths.like(path) + "/%").isEmpty();
    }
}
