package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.TestDatabases;
import dev.tracevault.server.support.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OpenTelemetry contract with the keys in a database of their own: spans waiting for a parent are sealed. */
class OtelApiWithKeysApartOnPostgresTest extends OtelApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "otelsealed");
        registry.add("tracevault.keys.url", () -> TestPostgres.url("otelkeys"));
        registry.add("tracevault.keys.username", () -> TestPostgres.USER);
        registry.add("tracevault.keys.password", () -> TestPostgres.PASSWORD);
    }

    @Test
    void aSpanWaitsSealedAndIsStoredWithItsContentWhenItsParentArrives() {
        String flowLogId = "sealed-flow-" + run;
        String toolLogId = ok(sendSdk(sdkSpan("tool-span.json", traceHex(), flowLogId))).get("records").get(0)
                .stringValue();
        String waiting = jdbc.queryForObject("select span_log from otel_pending_span where log_id = ?", String.class,
                toolLogId);
        assertThat(waiting).as("sealed with the span's log key").startsWith("{\"$sealed\"").doesNotContain("inputs");

        ok(api.post("/v5/flows/log", """
                {"path":"otel-%s/Sealed Flow","log_id":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(run, flowLogId)));
        var child = awaitLog(toolLogId, Duration.ofSeconds(10));
        assertThat(child.get("trace_parent_id").stringValue()).isEqualTo(flowLogId);
        assertThat(child.get("inputs").isNull()).as("its content, opened").isFalse();
        assertThat(child.get("output").isNull()).isFalse();
    }
}
