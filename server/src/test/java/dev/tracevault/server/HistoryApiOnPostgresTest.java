package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The history contract on PostgreSQL. */
class HistoryApiOnPostgresTest extends HistoryApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "history");
        registry.add("tracevault.evaluators.llm.base-url", PROVIDER::baseUrl);
    }
}
