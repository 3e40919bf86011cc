package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.StandInProvider;
import dev.tracevault.server.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An evaluation whose evaluator does not answer before the saga's deadline ends with an error
 * judgment at the deadline (a stored db-scheduler deadline, fired for real), and the late answer
 * that arrives afterwards is not recorded a second time.
 */
class EvaluationDeadlineTest extends EvaluatorApiContractSupport {

    static final StandInProvider SLOW = new StandInProvider();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("tracevault.evaluators.llm.base-url", SLOW::baseUrl);
        registry.add("tracevault.evaluators.deadline", () -> "PT2S");
        registry.add("tracevault.evaluators.run-timeout", () -> "PT30S");
    }

    @AfterAll
    static void stopProvider() {
        SLOW.close();
    }

    @Test
    void anEvaluatorThatDoesNotAnswerEndsAsAnErrorAtTheDeadline() throws InterruptedException {
        String versionId = upsert("d/" + run + "/Slow", """
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"llm",
                 "prompt":{"model":"m","template":"hang on: {{log.output}}"}}""").get("version_id").stringValue();
        JsonNode flow = openFlow("d/" + run + "/Flow", "deadline-" + run);
        monitor("flows", flow.get("flow_id").stringValue(), versionId);
        String logId = flow.get("id").stringValue();
        long started = System.nanoTime();
        api.patch("/v5/flows/logs/" + logId, "{\"output\":\"hello\",\"log_status\":\"complete\"}");

        JsonNode judgment = awaitJudgments(logId, 1).get(0);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(judgment.get("judgment").isNull()).as(judgment.toString()).isTrue();
        assertThat(judgment.get("error").stringValue()).contains("deadline");
        assertThat(tookMillis).as("the error came at the deadline, before the provider answered")
                .isLessThan(StandInProvider.HANG.toMillis());

        Thread.sleep(StandInProvider.HANG.toMillis() + 2000);
        assertThat(api.get("/v5/logs/" + logId).json().get("evaluator_logs").size())
                .as("the provider's late answer is not recorded again").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from evaluation_job where log_id = ?", Long.class, logId))
                .isZero();
    }
}
