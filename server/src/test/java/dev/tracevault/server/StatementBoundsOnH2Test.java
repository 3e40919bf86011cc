package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The statement and lock bounds on embedded H2 ({@code SET LOCK_TIMEOUT}). */
@TestPropertySource(properties = StatementBoundsContract.BOUNDS)
class StatementBoundsOnH2Test extends StatementBoundsContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
