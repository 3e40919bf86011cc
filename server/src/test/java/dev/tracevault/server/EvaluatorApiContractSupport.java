package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** What the evaluator tests share: making evaluators, Flow Logs and monitors, and waiting for judgments. */
abstract class EvaluatorApiContractSupport extends ApiContractBase {

    JsonNode upsert(String path, String spec) {
        var response = api.post("/v5/evaluators", "{\"path\":\"" + path + "\",\"spec\":" + spec + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode openFlow(String path, String logId) {
        var response = api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"log_id\":\"" + logId
                + "\",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    void monitor(String files, String fileId, String... versionIds) {
        var items = new ArrayList<String>();
        for (String v : versionIds) {
            items.add("{\"evaluator_version_id\":\"" + v + "\"}");
        }
        var response = api.post("/v5/" + files + "/" + fileId + "/evaluators",
                "{\"activate\":[" + String.join(",", items) + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /** The log's evaluator logs once there are {@code count} (the first python run starts its sandbox). */
    JsonNode awaitJudgments(String logId, int count) {
        return await(logId, log -> log.get("evaluator_logs").size() >= count, Duration.ofSeconds(90))
                .get("evaluator_logs");
    }

    JsonNode await(String logId, Predicate<JsonNode> done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode log = null;
        while (System.nanoTime() < deadline) {
            Api.Response response = api.get("/v5/logs/" + logId);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            log = response.json();
            if (done.test(log)) {
                return log;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("log " + logId + " did not get there in " + max + ": " + log);
    }
}
