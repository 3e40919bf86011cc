package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** What operators watch: liveness, readiness with the processors' state, and Prometheus metrics. */
class OperationsTest extends ApiContractBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Test
    void healthShowsTheDatabaseAndTheProcessorsToAKey() {
        var health = api.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode components = health.json().get("components");
        assertThat(components.get("db").get("status").stringValue()).isEqualTo("UP");
        JsonNode processors = components.get("processors");
        assertThat(processors.get("status").stringValue()).isEqualTo("UP");
        assertThat(processors.get("details").has("analytics")).isTrue();
        assertThat(processors.get("details").has("EvaluationSagaProcessor")).isTrue();
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        var readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("processors");
    }

    @Test
    void prometheusShowsRequestsAndProcessorLag() {
        assertThat(api.post("/v5/flows/log", "{\"path\":\"ops/Flow\",\"inputs\":{\"q\":1},\"output\":\"x\"}")
                .status()).isEqualTo(200);
        var metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_count")
                .contains("tracevault_processor_lag_events{processor=\"analytics\"}")
                .contains("tracevault_processor_lag_seconds{processor=\"EvaluationSagaProcessor\"}");
    }
}
