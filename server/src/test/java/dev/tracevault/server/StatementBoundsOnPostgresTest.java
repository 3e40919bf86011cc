package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The statement and lock bounds on PostgreSQL ({@code lock_timeout}). */
@TestPropertySource(properties = StatementBoundsContract.BOUNDS)
class StatementBoundsOnPostgresTest extends StatementBoundsContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "bounds");
    }
}
