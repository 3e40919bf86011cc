package dev.tracevault.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A fresh PostgreSQL database on 127.0.0.1, created and dropped by the harness over JDBC. */
final class PostgresTarget implements Target {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;
    private final Path dataDir;
    private String version = "PostgreSQL (unknown version)";

    PostgresTarget(String adminUrl, String user, String password, Path workDir) {
        this(adminUrl, user, password, workDir,
                "tvbench_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    /** An existing database of that name (one a former run kept), or one to create under that name. */
    PostgresTarget(String adminUrl, String user, String password, Path workDir, String database) {
        if (!adminUrl.startsWith("jdbc:postgresql://127.0.0.1:") && !adminUrl.startsWith("jdbc:postgresql://localhost:")) {
            throw new IllegalArgumentException("the benchmark only talks to a local PostgreSQL (127.0.0.1): " + adminUrl);
        }
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.dataDir = workDir.resolve("pg-data-dir-unused");
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public void create() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             var statement = c.createStatement()) {
            statement.execute("create database " + database);
            try (ResultSet rs = statement.executeQuery("select version(), current_setting('synchronous_commit'), "
                    + "current_setting('fsync'), current_setting('shared_buffers')")) {
                rs.next();
                String full = rs.getString(1);
                version = full.substring(0, full.indexOf(" on ") > 0 ? full.indexOf(" on ") : full.length())
                        + " (synchronous_commit=" + rs.getString(2) + ", fsync=" + rs.getString(3)
                        + ", shared_buffers=" + rs.getString(4) + ")";
            }
        }
    }

    String url() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    @Override
    public Map<String, String> serverEnvironment() {
        return Map.of("TRACEVAULT_DATA_DIR", dataDir.toAbsolutePath().toString(),
                "SPRING_DATASOURCE_URL", url(),
                "SPRING_DATASOURCE_USERNAME", user,
                "SPRING_DATASOURCE_PASSWORD", password);
    }

    @Override
    public List<String> serverJvmOptions() {
        return List.of();
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    @Override
    public boolean connectable() {
        return true;
    }

    @Override
    public String lobType() {
        return "bytea";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void destroy(boolean keep) {
        if (keep) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             var statement = c.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }

    @Override
    public DbCounters counters() {
        try (Connection c = connect(); var statement = c.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("select xact_commit, xact_rollback, tup_fetched, tup_inserted,"
                    + " tup_updated, tup_deleted from pg_stat_database where datname = current_database()")) {
                return rs.next()
                        ? new DbCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))
                        : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    String database() {
        return database;
    }

    @Override
    public Target another(Path workDir) {
        return new PostgresTarget(adminUrl, user, password, workDir);
    }
}
