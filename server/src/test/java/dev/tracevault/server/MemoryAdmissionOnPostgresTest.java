package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Memory admission's contract on PostgreSQL, in a database of its own. */
class MemoryAdmissionOnPostgresTest extends MemoryAdmissionContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "memory_admission");
    }
}
