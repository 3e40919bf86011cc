package dev.tracevault.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A database the server runs on, fresh for one benchmark run and removed afterwards. */
interface Target {

    /** "H2" or "PostgreSQL". */
    String name();

    /** Creates the empty database (the server's Flyway migrations fill it). */
    void create() throws Exception;

    /** Environment for the server process. */
    Map<String, String> serverEnvironment();

    /** Extra JVM options for the server process. */
    List<String> serverJvmOptions();

    /** A connection to the server's database, for the harness's own reads, resets and raw inserts. */
    Connection connect() throws SQLException;

    /** Whether the harness may connect now while a server is starting (H2: only once the server holds the file). */
    boolean connectable();

    /** Axon's type for {@code @Lob byte[]} columns here: blob on H2, bytea on PostgreSQL. */
    String lobType();

    String version();

    /** The database's activity counters, where the database keeps them (PostgreSQL); else null. */
    default DbCounters counters() {
        return null;
    }

    /** Another empty database of the same kind (not created yet), for a second cold start. */
    Target another(java.nio.file.Path workDir);

    /** Removes the database (unless it is to be kept). */
    void destroy(boolean keep);
}
