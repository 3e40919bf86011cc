package dev.tracevault.server.db;

import java.time.Duration;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The two databases Tracevault runs on, told apart by the JDBC URL alone, so that switching to
 * PostgreSQL takes nothing but {@code SPRING_DATASOURCE_URL} (and its credentials).
 */
public enum Database {
    H2("blob", "clob", "--"),
    POSTGRESQL("bytea", "text", "");

    private final String lobType;
    private final String textType;
    /** Prefixes the migration lines only PostgreSQL runs: a comment marker elsewhere. */
    private final String pgOnly;

    Database(String lobType, String textType, String pgOnly) {
        this.lobType = lobType;
        this.textType = textType;
        this.pgOnly = pgOnly;
    }

    public static Database of(Environment environment) {
        return of(environment.getProperty("spring.datasource.url", ""));
    }

    /** The database of a JDBC URL. */
    public static Database of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }

    /**
     * The one statement that bounds a session's statements and lock waits (zero: no bound). H2's
     * lock wait without a bound is its longest, since H2 knows no "wait for ever".
     */
    public String bounds(Duration statement, Duration lock) {
        long statementMillis = Math.max(0, statement.toMillis());
        long lockMillis = Math.max(0, lock.toMillis());
        return this == POSTGRESQL
                ? "select set_config('statement_timeout', '" + statementMillis + "', false), set_config('lock_timeout', '"
                        + lockMillis + "', false)"
                : "SET QUERY_TIMEOUT " + statementMillis + "; SET LOCK_TIMEOUT " + (lockMillis == 0 ? Integer.MAX_VALUE
                        : Math.min(lockMillis, Integer.MAX_VALUE));
    }

    /** The SQL expression that draws the next value of {@code sequence}. */
    public String nextValue(String sequence) {
        return this == POSTGRESQL ? "nextval('" + sequence + "')" : "next value for " + sequence;
    }

    /** Placeholders that let one set of migrations serve both databases. */
    public Map<String, String> migrationPlaceholders() {
        return Map.of("lob_type", lobType, "text_type", textType, "pg_only", pgOnly);
    }
}
