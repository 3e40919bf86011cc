package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.content.ContentField;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.DatabaseScan;
import dev.tracevault.server.support.MarkedTrace;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Erasure: {@code DELETE /v5/logs} erases a log, its trace descendants and its judgments. The API
 * shows each as a tombstone (its shape, no content), and their content can no longer be read
 * anywhere in the database: a unique marker from each content field is found in no column of any
 * table afterwards, not in the event store, not in snapshots, not in evaluator output.
 */
abstract class ErasureApiContract extends EvaluatorApiContractSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void anErasedTraceLeavesNoTraceOfItsPayloadAnywhere() throws Exception {
        String marker = "ERASE-ME-" + run + "-MARKER";
        String keep = "KEEP-ME-" + run + "-MARKER";
        String root = "erase-root-" + run;
        var created = api.post("/v5/flows/log", "{\"path\":\"x/" + run + "/Flow\",\"log_id\":\"" + root
                + "\",\"inputs\":{\"secret\":\"" + marker + "\"},\"log_status\":\"incomplete\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var prompt = api.post("/v5/prompts/log", "{\"path\":\"x/" + run + "/Prompt\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + root + "\",\"output\":\"" + marker + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + marker + "\"}]}],\"provider_request\":{\"m\":\""
                + marker + "\"},\"provider_response\":{\"r\":\"" + marker + "\"},\"stdout\":\"" + marker + "\"}");
        assertThat(prompt.status()).as(prompt.body()).isEqualTo(200);
        String promptId = prompt.json().get("id").stringValue();
        // a hundred more members make the root's event stream long enough for a snapshot
        for (int i = 0; i < 101; i++) {
            assertThat(api.post("/v5/tools/log", "{\"path\":\"x/" + run + "/Tool\",\"output\":\"" + marker + i
                    + "\",\"trace_parent_id\":\"" + root + "\"}").status()).isEqualTo(200);
        }
        var judged = api.post("/v5/evaluators/log", "{\"parent_id\":\"" + promptId + "\",\"path\":\"x/" + run
                + "/Note\",\"spec\":{\"arguments_type\":\"target_free\",\"return_type\":\"text\",\"evaluator_type\":"
                + "\"human\"},\"judgment\":\"" + marker + "-judged\",\"output\":\"" + marker + "\"}");
        assertThat(judged.status()).as(judged.body()).isEqualTo(200);
        String printed = upsert("x/" + run + "/Prints", """
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
                 "code":"def evaluate(log):\\n    print(log['output'])\\n    return True"}""")
                .get("version_id").stringValue();
        monitor("flows", created.json().get("flow_id").stringValue(), printed);
        var completed = api.patch("/v5/flows/logs/" + root, "{\"output\":\"" + marker + "\",\"log_status\":\"complete\"}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        JsonNode evaluation = awaitJudgments(root, 1).get(0);
        assertThat(evaluation.get("stdout").stringValue()).contains(marker);

        var other = api.post("/v5/flows/log", "{\"path\":\"x/" + run + "/Other\",\"inputs\":{\"k\":\"" + keep
                + "\"},\"output\":\"" + keep + "\"}");
        String otherId = other.json().get("id").stringValue();

        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, root)).as("the root was snapshotted").isPositive();
        if (readModelInTheClear()) {
            assertThat(DatabaseScan.find(dataSource, marker)).as("before erasure the read model shows the payload")
                    .contains(tableName("log_document") + "." + columnName("body"));
        } else {
            assertThat(DatabaseScan.find(dataSource, marker)).as("with the keys apart nothing holds it in the clear")
                    .isEmpty();
        }
        assertThat(DatabaseScan.find(dataSource, marker)).as("the event store never holds it in the clear")
                .noneMatch(where -> where.toLowerCase().startsWith("domain_event_entry")
                        || where.toLowerCase().startsWith("snapshot_event_entry"));

        long before = allEvents();
        assertThat(api.send("DELETE", "/v5/logs?id=" + root + "&id=log_unknown", null, dev.tracevault.server.support.Api.KEY).status())
                .as("an unknown id refuses the whole request").isEqualTo(404);
        assertThat(allEvents()).isEqualTo(before);

        var erased = api.send("DELETE", "/v5/logs?id=" + root, null, dev.tracevault.server.support.Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);

        for (String id : List.of(root, promptId, judged.json().get("id").stringValue(),
                evaluation.get("id").stringValue())) {
            var tombstone = api.get("/v5/logs/" + id);
            assertThat(tombstone.status()).as(tombstone.body()).isEqualTo(200);
            assertThat(tombstone.json().get("erased").asBoolean()).as(id + " is a tombstone").isTrue();
            assertThat(tombstone.body()).doesNotContain(marker);
        }
        JsonNode rootTombstone = api.get("/v5/logs/" + root).json();
        assertThat(rootTombstone.get("trace_children")).as("the tree keeps its shape").hasSize(102);
        assertThat(rootTombstone.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(rootTombstone.get("evaluator_logs").get(0).get("erased").asBoolean()).isTrue();
        assertThat(DatabaseScan.tables(dataSource)).isGreaterThan(15);
        assertThat(DatabaseScan.find(dataSource, marker)).as("the marker is nowhere in the database").isEmpty();

        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like"
                + " '%LogErased'", Long.class)).as("each erased log records its erasure").isGreaterThanOrEqualTo(105);
        assertThat(api.patch("/v5/flows/logs/" + root, "{\"output\":\"again\"}").status())
                .as("a tombstone cannot change").isEqualTo(404);
        assertThat(api.send("DELETE", "/v5/logs?id=" + root, null, dev.tracevault.server.support.Api.KEY).status())
                .as("erasing again changes nothing").isEqualTo(204);

        JsonNode kept = api.get("/v5/logs/" + otherId).json();
        assertThat(kept.get("output").stringValue()).as("other logs keep their payload").isEqualTo(keep);
        assertThat(DatabaseScan.find(dataSource, keep).isEmpty()).isNotEqualTo(readModelInTheClear());
    }

    /**
     * Every content field of every kind of log (metadata, user, error and judgments too) is gone
     * from every column of every table once its trace is erased, while the same fields of a trace
     * written alike and kept are found by the same scan; the tombstones keep the shape.
     */
    @Test
    void everyContentFieldOfAnErasedTraceLeavesEveryTable() throws Exception {
        var gone = MarkedTrace.write(api, "GONE", run);
        var kept = MarkedTrace.write(api, "KEEP", run);
        var erased = api.send("DELETE", "/v5/logs?id=" + gone.rootId, null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);

        for (String id : gone.logIds) {
            JsonNode tombstone = api.get("/v5/logs/" + id).json();
            assertThat(tombstone.get("erased").asBoolean()).as(id).isTrue();
            assertThat(tombstone.get("erased_at").stringValue()).isNotEmpty();
            for (String field : ContentField.wireNames()) {
                if (tombstone.has(field)) {
                    assertThat(tombstone.get(field).isNull()).as(id + " " + field).isTrue();
                }
            }
        }
        JsonNode root = api.get("/v5/logs/" + gone.rootId).json();
        assertThat(root.get("flow")).isNotNull();
        assertThat(root.get("trace_children")).hasSize(2);
        assertThat(root.get("trace_children").get(0).get("prompt_tokens").asInt()).as("tokens are shape").isEqualTo(3);
        String export = api.get("/v5/export").body();
        String history = api.get("/v5/logs/" + gone.rootId + "/history").body();
        gone.markers.forEach((where, marker) -> {
            assertThat(export).as("export: " + where).doesNotContain(marker);
            assertThat(history).as("history: " + where).doesNotContain(marker);
        });
        for (var entry : gone.markers.entrySet()) {
            assertThat(DatabaseScan.find(dataSource, entry.getValue())).as("erased " + entry.getKey()).isEmpty();
        }
        for (var entry : kept.shown().entrySet()) {
            assertThat(DatabaseScan.find(dataSource, entry.getValue()).isEmpty()).as("kept " + entry.getKey()
                    + " is in the clear exactly where the read model is").isNotEqualTo(readModelInTheClear());
        }
        kept.markers.forEach((where, marker) -> assertThat(export).as("kept in the export: " + where).contains(marker));
    }

    @Test
    void anUnsavedLogNeverStoresItsPayload() throws Exception {
        String marker = "UNSAVED-" + run + "-MARKER";
        String root = "unsaved-" + run;
        var created = api.post("/v5/flows/log", "{\"path\":\"u/" + run + "/Flow\",\"log_id\":\"" + root
                + "\",\"save\":false,\"inputs\":{\"q\":\"" + marker + "\"},\"log_status\":\"incomplete\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}],\"metadata\":{\"team\":\"a\"},"
                + "\"provider_request\":{\"p\":\"" + marker + "\"},\"stdout\":\"" + marker + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var prompt = api.post("/v5/prompts/log", "{\"path\":\"u/" + run + "/Prompt\",\"prompt\":{\"model\":\"m\"},"
                + "\"save\":false,\"trace_parent_id\":\"" + root + "\",\"output\":\"" + marker + "\",\"prompt_tokens\":7,"
                + "\"output_message\":{\"role\":\"assistant\",\"content\":\"" + marker + "\"},"
                + "\"provider_response\":{\"r\":\"" + marker + "\"}}");
        assertThat(prompt.status()).as(prompt.body()).isEqualTo(200);
        var patched = api.patch("/v5/flows/logs/" + root, "{\"output\":\"" + marker + "\",\"log_status\":\"complete\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        JsonNode log = patched.json();
        assertThat(log.get("save").asBoolean(true)).isFalse();
        assertThat(log.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(log.get("end_time").isNull()).isFalse();
        assertThat(log.get("inputs").isNull()).isTrue();
        assertThat(log.get("output").isNull()).isTrue();
        assertThat(log.get("messages").isNull()).isTrue();
        assertThat(log.get("metadata").get("team").stringValue()).as("metadata is kept").isEqualTo("a");
        JsonNode child = log.get("trace_children").get(0);
        assertThat(child.get("prompt_tokens").asInt()).as("tokens are kept").isEqualTo(7);
        assertThat(child.get("output").isNull()).isTrue();
        assertThat(child.get("output_message").isNull()).isTrue();
        assertThat(DatabaseScan.find(dataSource, marker)).as("the payload was never stored anywhere").isEmpty();
    }

    @Test
    void erasingNeedsAnId() {
        assertThat(api.send("DELETE", "/v5/logs", null, dev.tracevault.server.support.Api.KEY).status()).isEqualTo(422);
    }

    /** Whether the read model keeps content in the clear (keys in the main database) or sealed (keys apart). */
    boolean readModelInTheClear() {
        return true;
    }

    String tableName(String name) {
        return isH2() ? name.toUpperCase() : name;
    }

    String columnName(String name) {
        return isH2() ? name.toUpperCase() : name;
    }

    boolean isH2() {
        try (var db = dataSource.getConnection()) {
            return db.getMetaData().getDatabaseProductName().contains("H2");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
