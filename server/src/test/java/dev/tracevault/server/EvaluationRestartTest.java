package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server killed ({@code kill -9}) while an evaluator runs finishes the evaluation after a
 * restart: the run whose worker died is claimed again once its lease has passed, and its judgment
 * is recorded exactly once. On PostgreSQL, so the test can watch the run being claimed.
 */
class EvaluationRestartTest {

    /** A python evaluator that takes a few seconds, so the kill lands in the middle of it. */
    private static final String SLOW_SPEC = """
            {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
             "code":"import time\\ndef evaluate(log):\\n    end = time.time() + 4\\n    while time.time() < end:\\n        pass\\n    return log['output'] == 'done'"}""";

    @Test
    void anEvaluationInterruptedByAKillFinishesOnceAfterTheRestart() throws Exception {
        String url = TestPostgres.url("restart");
        Map<String, String> environment = Map.of("SPRING_DATASOURCE_URL", url,
                "SPRING_DATASOURCE_USERNAME", TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD,
                "TRACEVAULT_API_KEY", Api.KEY,
                "TRACEVAULT_EVALUATORS_RUN_TIMEOUT", "PT10S",
                "TRACEVAULT_EVALUATORS_LEASE_MARGIN", "PT1S");
        String logId = "restart-" + System.nanoTime();
        try (var server = new ServerProcess(environment).start()) {
            Api api = new Api(server.port());
            var evaluator = api.post("/v5/evaluators", "{\"path\":\"restart/Slow\",\"spec\":" + SLOW_SPEC + "}");
            assertThat(evaluator.status()).as(evaluator.body()).isEqualTo(200);
            var flow = api.post("/v5/flows/log", "{\"path\":\"restart/Flow\",\"log_id\":\"" + logId
                    + "\",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}");
            assertThat(flow.status()).as(flow.body()).isEqualTo(200);
            var monitored = api.post("/v5/flows/" + flow.json().get("flow_id").stringValue() + "/evaluators",
                    "{\"activate\":[{\"evaluator_version_id\":\"" + evaluator.json().get("version_id").stringValue()
                            + "\"}]}");
            assertThat(monitored.status()).as(monitored.body()).isEqualTo(200);
            var completed = api.patch("/v5/flows/logs/" + logId, "{\"output\":\"done\",\"log_status\":\"complete\"}");
            assertThat(completed.status()).as(completed.body()).isEqualTo(200);
            awaitClaimed(url, logId);
            server.kill();
        }
        assertThat(recordedJudgments(url, logId)).as("the kill came before any judgment").isZero();

        try (var server = new ServerProcess(environment).start()) {
            Api api = new Api(server.port());
            JsonNode judgments = awaitJudgments(api, logId, Duration.ofSeconds(150));
            assertThat(judgments.size()).isEqualTo(1);
            assertThat(judgments.get(0).get("judgment").asBoolean()).as(judgments.toString()).isTrue();
            Thread.sleep(3000);
            assertThat(api.get("/v5/logs/" + logId).json().get("evaluator_logs").size()).isEqualTo(1);
            assertThat(recordedJudgments(url, logId)).as("exactly one Evaluator Log was stored").isEqualTo(1);
            try (Connection db = connect(url)) {
                var rs = db.createStatement().executeQuery("select count(*) from evaluation_job");
                rs.next();
                assertThat(rs.getLong(1)).as("no run is left").isZero();
            }
        }
    }

    private static void awaitClaimed(String url, String logId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection db = connect(url)) {
            while (System.nanoTime() < deadline) {
                var statement = db.prepareStatement(
                        "select count(*) from evaluation_job where log_id = ? and lease_until is not null");
                statement.setString(1, logId);
                var rs = statement.executeQuery();
                rs.next();
                if (rs.getLong(1) == 1) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the evaluation of " + logId + " was never claimed");
    }

    private static long recordedJudgments(String url, String logId) throws SQLException {
        try (Connection db = connect(url)) {
            var statement = db.prepareStatement("select count(*) from domain_event_entry where payload_type like"
                    + " '%EvaluatorLogCreated' and convert_from(payload, 'UTF8') like ?");
            statement.setString(1, "%\"parentId\":\"" + logId + "\"%");
            var rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode awaitJudgments(Api api, String logId, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode log = null;
        while (System.nanoTime() < deadline) {
            log = api.get("/v5/logs/" + logId).json();
            if (!log.get("evaluator_logs").isEmpty()) {
                return log.get("evaluator_logs");
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no judgment after the restart: " + log);
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
    }
}
