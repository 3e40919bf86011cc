package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The write path's contract on PostgreSQL, in a database of its own. */
class WritePathOnPostgresTest extends WritePathContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "write_path");
    }
}
