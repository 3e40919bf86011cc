package dev.tracevault.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded H2 database in a fresh data directory. The server's default URL
 * ({@code WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE}) gets {@code AUTO_SERVER=TRUE} instead of
 * {@code DB_CLOSE_ON_EXIT=FALSE} (H2 refuses the two together): the server process still opens
 * the file in-process and writes every commit at once, and the harness can read the event and
 * token tables through the TCP port H2 then opens on 127.0.0.1 ({@code -Dh2.bindAddress}).
 * The only other difference is that H2 closes the file in its own shutdown hook. When the server
 * is stopped the harness opens the file in-process itself, same settings, for the raw inserts.
 */
final class H2Target implements Target {

    static final String USER = "sa";
    private final Path dataDir;

    H2Target(Path workDir) {
        this.dataDir = workDir.resolve("h2-data");
    }

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public void create() throws IOException {
        Files.createDirectories(dataDir);
    }

    /** The directory of the database files. */
    Path dataDir() {
        return dataDir;
    }

    String url() {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath() + "/tracevault;WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    @Override
    public Map<String, String> serverEnvironment() {
        return Map.of("TRACEVAULT_DATA_DIR", dataDir.toAbsolutePath().toString(),
                "SPRING_DATASOURCE_URL", url(),
                "SPRING_DATASOURCE_USERNAME", USER,
                "SPRING_DATASOURCE_PASSWORD", "");
    }

    @Override
    public List<String> serverJvmOptions() {
        return List.of("-Dh2.bindAddress=127.0.0.1");
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public boolean connectable() {
        return Files.exists(dataDir.resolve("tracevault.lock.db"));
    }

    @Override
    public String lobType() {
        return "blob";
    }

    @Override
    public String version() {
        return "H2 " + org.h2.engine.Constants.VERSION_MAJOR + "." + org.h2.engine.Constants.VERSION_MINOR + "."
                + org.h2.engine.Constants.BUILD_ID + " (embedded, file, WRITE_DELAY=0)";
    }

    @Override
    public Target another(Path workDir) {
        return new H2Target(workDir);
    }

    @Override
    public void destroy(boolean keep) {
        if (keep) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
