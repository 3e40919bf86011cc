package dev.tracevault.server.db;

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
        String url = environment.getProperty("spring.datasource.url", "");
        return url.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
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
