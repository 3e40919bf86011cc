package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dead-letter contract on PostgreSQL: the poison is an end time PostgreSQL cannot store (issue
 * 22's first finding), so the analytics fail as they write their batch, not in a handler.
 */
class DeadLettersOnPostgresTest extends DeadLettersContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "deadletters");
    }

    @Override
    Map<String, Object> poison() {
        return Map.of("end_time", "+999999999-01-01T00:00:00Z");
    }

    @Override
    String poisonFailure() {
        return "out of range";
    }

    @Override
    Map<String, Object> logsPoison() {
        return Map.of("end_time", "+999999999-01-01T00:00:00Z");
    }

    @Override
    String logsPoisonFailure() {
        return "out of range";
    }
}
