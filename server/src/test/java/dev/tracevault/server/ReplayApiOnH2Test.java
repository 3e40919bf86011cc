package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The replay contract on embedded H2. */
class ReplayApiOnH2Test extends ReplayApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("tracevault.evaluators.llm.base-url", PROVIDER::baseUrl);
    }
}
