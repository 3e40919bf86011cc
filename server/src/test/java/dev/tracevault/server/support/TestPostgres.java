package dev.tracevault.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Fresh PostgreSQL databases for tests, on the server named by {@code TRACEVAULT_TEST_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}). Each name
 * gets its own database for this test run, dropped when the JVM exits. There is no fallback: a
 * missing PostgreSQL fails the tests.
 */
public final class TestPostgres {

    private static final String ADMIN_URL = env("TRACEVAULT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = env("TRACEVAULT_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("TRACEVAULT_TEST_PG_PASSWORD", "");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final Map<String, String> DATABASES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DATABASES.values().forEach(TestPostgres::drop)));
    }

    private TestPostgres() {
    }

    /** The JDBC URL of this run's database called {@code name}, created on first use. */
    public static String url(String name) {
        String db = DATABASES.computeIfAbsent(name, n -> create("tv_" + RUN + "_" + n));
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + db;
    }

    private static String create(String db) {
        execute("create database " + db);
        return db;
    }

    private static void drop(String db) {
        try {
            execute("drop database if exists " + db + " with (force)");
        } catch (RuntimeException e) {
            // best effort at exit
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed for the tests (" + ADMIN_URL + "): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
