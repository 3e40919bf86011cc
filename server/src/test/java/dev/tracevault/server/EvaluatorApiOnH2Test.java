package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The evaluator contract on embedded H2. */
class EvaluatorApiOnH2Test extends EvaluatorApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("tracevault.evaluators.llm.base-url", PROVIDER::baseUrl);
        registry.add("tracevault.evaluators.run-timeout", () -> "PT10S");
    }
}
