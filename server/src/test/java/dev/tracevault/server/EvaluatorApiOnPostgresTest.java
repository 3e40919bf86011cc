package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The evaluator contract on PostgreSQL, in a database of its own. */
class EvaluatorApiOnPostgresTest extends EvaluatorApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "evaluators");
        registry.add("tracevault.evaluators.llm.base-url", PROVIDER::baseUrl);
        registry.add("tracevault.evaluators.run-timeout", () -> "PT10S");
    }
}
