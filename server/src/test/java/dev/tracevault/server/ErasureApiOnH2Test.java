package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The erasure contract on embedded H2. */
class ErasureApiOnH2Test extends ErasureApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
