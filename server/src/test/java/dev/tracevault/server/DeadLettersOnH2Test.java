package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dead-letter contract on embedded H2: the poison is a token count that is no number (the handler throws). */
class DeadLettersOnH2Test extends DeadLettersContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Override
    Map<String, Object> poison() {
        return Map.of("prompt_tokens", "many");
    }

    @Override
    String poisonFailure() {
        return "NumberFormatException";
    }

    @Override
    Map<String, Object> logsPoison() {
        return Map.of("end_time", "soon");
    }

    @Override
    String logsPoisonFailure() {
        return "DateTimeParseException";
    }
}
