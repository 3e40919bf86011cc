package dev.tracevault.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The two databases a contract runs on, as Spring properties. */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** Embedded H2 in a fresh data directory. */
    public static void h2(DynamicPropertyRegistry registry) {
        try {
            var dir = Files.createTempDirectory("tracevault-h2-");
            registry.add("tracevault.data-dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * PostgreSQL, in this run's database called {@code name}. The test JVM keeps every context it
     * started, with its pool: idle ones shrink to one connection, so that the contracts of a whole
     * run stay well below the server's connection limit.
     */
    public static void postgres(DynamicPropertyRegistry registry, String name) {
        registry.add("spring.datasource.url", () -> TestPostgres.url(name));
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
    }
}
