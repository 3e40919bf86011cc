package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The write path's contract on the embedded default: H2 in a fresh data directory. */
class WritePathOnH2Test extends WritePathContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
