package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The replay contract on PostgreSQL. */
class ReplayApiOnPostgresTest extends ReplayApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "replay");
        registry.add("tracevault.evaluators.llm.base-url", PROVIDER::baseUrl);
    }
}
