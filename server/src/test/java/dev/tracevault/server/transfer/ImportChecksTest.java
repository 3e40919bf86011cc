package dev.tracevault.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** An import refuses what the API refuses, with the same rules, naming where in the event. */
class ImportChecksTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static CommonLogFields fields(Instant start, Instant end, Instant createdAt, BigDecimal latency) {
        return new CommonLogFields(start, end, "o", createdAt, null, latency, null, null, null, Map.of(), null, null,
                null, null, null, null, null);
    }

    @Test
    void aGoodEventHasNoProblems() {
        var tool = new ToolLogCreated("l", "t", "v", fields(NOW, NOW.plusSeconds(1), NOW, BigDecimal.ONE), null, null,
                false, "d", NOW);
        assertThat(ImportChecks.eventProblems(NOW, tool)).isEmpty();
        assertThat(ImportChecks.eventProblems(NOW, new DetailsSet("l", Map.of("prompt_tokens", 3,
                "start_time", "2025-01-01T00:00:00Z")))).isEmpty();
    }

    @Test
    void datetimesOutOfRangeAnEndBeforeItsStartAndNegativeUsageAreRefused() {
        var prompt = new PromptLogCreated("l", "p", "v", fields(Instant.parse("+999999999-01-01T00:00:00Z"),
                NOW, Instant.parse("0000-01-01T00:00:00Z"), new BigDecimal("-1")), null, null,
                Map.of("prompt_tokens", new BigDecimal("1.5"), "output_cost", new BigDecimal("-2")), null, null, null,
                false, "d", NOW);
        assertThat(ImportChecks.eventProblems(NOW, prompt)).containsExactlyInAnyOrder(
                "payload.fields.startTime: datetime out of range: years 0001 to 9999 (UTC) are accepted",
                "payload.fields.createdAt: datetime out of range: years 0001 to 9999 (UTC) are accepted",
                "payload.fields.endTime: end_time 2025-01-01T00:00:00Z is before start_time +999999999-01-01T00:00:00Z",
                "payload.fields.providerLatency: must be 0 or more",
                "payload.details.prompt_tokens: a whole number is expected",
                "payload.details.output_cost: must be 0 or more");
        assertThat(ImportChecks.eventProblems(Instant.parse("+10000-01-01T00:00:00Z"),
                new DetailsSet("l", Map.of("end_time", "0000-01-01T00:00:00Z", "reasoning_tokens", -4))))
                .containsExactlyInAnyOrder(
                        "timestamp: datetime out of range: years 0001 to 9999 (UTC) are accepted",
                        "payload.details.end_time: datetime out of range: years 0001 to 9999 (UTC) are accepted",
                        "payload.details.reasoning_tokens: must be 0 or more");
        var judgment = new EvaluatorLogCreated("l", "e", "v", "p", fields(null, null, null, null), null,
                new BigDecimal("1e16"), null, null, null, null, null, false, "d", NOW);
        assertThat(ImportChecks.eventProblems(NOW, judgment)).containsExactly("payload.judgment: must be at most 1e15 in size");
    }

    @Test
    void numbersAnywhereInThePayloadMustBeFinite() {
        var payload = JSON.readTree("{\"logId\":\"l\",\"inputs\":{\"x\":1e600,\"y\":1e-600}}");
        assertThat(ImportChecks.problems("l", payload)).hasSize(2)
                .allMatch(problem -> problem.startsWith("payload.inputs.") && problem.contains("number out of range"));
    }
}
