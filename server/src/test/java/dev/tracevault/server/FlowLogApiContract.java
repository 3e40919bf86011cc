package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Api.Response;
import dev.tracevault.server.support.OfficialSdk;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP contract of the Flow Log endpoints, run against the real server on each database
 * (see the subclasses). Requests are plain HTTP, as any client would send them.
 */
abstract class FlowLogApiContract extends ApiContractBase {

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    ConnectionProvider axonConnections;

    /**
     * The event store, the token store, the saga and the projections (through JdbcTemplate) write
     * in one transaction per unit of work: without it a projection's batch commits statement by
     * statement, readers see half of it, and a token can run ahead of its documents. A unit of work
     * that fails must leave nothing written by either path.
     */
    @Test
    void axonsWritesAndTheProjectionsShareOneTransaction() throws Exception {
        String viaJdbcTemplate = "tx-template-" + run;
        String viaAxon = "tx-axon-" + run;
        Transaction transaction = axonTransactions.startTransaction();
        try {
            jdbc.update("insert into processor_instance (instance_id, last_seen) values (?, current_timestamp)",
                    viaJdbcTemplate);
            Connection connection = axonConnections.getConnection();
            try (var insert = connection.prepareStatement(
                    "insert into processor_instance (instance_id, last_seen) values (?, current_timestamp)")) {
                insert.setString(1, viaAxon);
                insert.executeUpdate();
            } finally {
                connection.close();
            }
        } finally {
            transaction.rollback();
        }
        assertThat(jdbc.queryForObject("select count(*) from processor_instance where instance_id in (?, ?)",
                Integer.class, viaJdbcTemplate, viaAxon)).isZero();
    }



    // ---------------------------------------------------------------- helpers

    String path(String name) {
        return "test-" + run + "/" + name;
    }

    Response createFlowLog(String body) {
        return api.post("/v5/flows/log", body);
    }

    JsonNode created(String body) {
        Response response = createFlowLog(body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode getLog(String id) {
        Response response = api.get("/v5/logs/" + Api.segment(id));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    Response patchLog(String id, String body) {
        return api.patch("/v5/flows/logs/" + Api.segment(id), body);
    }

    long events(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class,
                aggregateId);
    }

    String openLog(String name) {
        return created("""
                {"path":"%s","flow":{"attributes":{"v":1}},"inputs":{"q":"2+2?"},"log_status":"incomplete"}
                """.formatted(path(name))).get("id").stringValue();
    }

    static void assertIsoWithZone(JsonNode value) {
        assertThat(value.isString()).as("%s is a string", value).isTrue();
        assertThat(value.stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    }

    /** The fields the SDK's strict LogResponse parser requires of a Flow log (spec §1.8, §2.5). */
    static void assertStrictFlowLog(JsonNode log) {
        assertThat(log.get("id").isString()).isTrue();
        assertThat(log.get("evaluator_logs").isArray()).isTrue();
        JsonNode flow = log.get("flow");
        assertThat(flow.isObject()).isTrue();
        for (String field : List.of("path", "id", "name", "version_id")) {
            assertThat(flow.get(field).isString()).as("flow.%s", field).isTrue();
        }
        assertThat(flow.get("attributes").isObject()).isTrue();
        assertThat(flow.get("type").stringValue()).isEqualTo("flow");
        assertThat(flow.get("version_logs_count").isNumber()).isTrue();
        for (String field : List.of("created_at", "updated_at", "last_used_at")) {
            assertIsoWithZone(flow.get(field));
        }
        assertThat(log.get("prompt")).isNull();
        assertThat(log.get("tool")).isNull();
        assertThat(log.get("evaluator")).isNull();
    }

    // ---------------------------------------------------------------- the official SDK

    @Test
    void theOfficialHumanloopSdkWorksAgainstTheServer() throws Exception {
        OfficialSdk.runTests("http://127.0.0.1:" + port + "/v5", Api.KEY);
    }

    // ---------------------------------------------------------------- create

    @Test
    void createsIncompleteFlowLogAndItsFlowByPath() {
        JsonNode created = created("""
                {"path":"%s","flow":{"attributes":{"version":"v1"}},"inputs":{"question":"What is 2+2?"},
                 "log_status":"incomplete","start_time":"2025-01-01T10:00:00.000Z","metadata":{"env":"smoke"},
                 "messages":null,"trace_parent_id":null}
                """.formatted(path("My Flow")));
        assertThat(created.get("id").stringValue()).startsWith("log_");
        assertThat(created.get("flow_id").stringValue()).startsWith("fl_");
        assertThat(created.get("version_id").stringValue()).startsWith("flv_");
        assertThat(created.get("log_status").stringValue()).isEqualTo("incomplete");

        JsonNode log = getLog(created.get("id").stringValue());
        assertStrictFlowLog(log);
        assertThat(log.get("log_status").stringValue()).isEqualTo("incomplete");
        assertThat(log.get("inputs").get("question").stringValue()).isEqualTo("What is 2+2?");
        assertThat(log.get("metadata").get("env").stringValue()).isEqualTo("smoke");
        assertThat(log.get("start_time").stringValue()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(log.get("end_time").isNull()).isTrue();
        assertThat(log.get("log_id").isNull()).as("no client log_id to echo").isTrue();
        assertThat(log.get("trace_id").stringValue()).isEqualTo(created.get("id").stringValue());
        assertThat(log.get("trace_flow_id").stringValue()).isEqualTo(created.get("flow_id").stringValue());
        assertThat(log.get("trace_children").isArray()).isTrue();
        assertIsoWithZone(log.get("created_at"));
        JsonNode flow = log.get("flow");
        assertThat(flow.get("path").stringValue()).isEqualTo(path("My Flow"));
        assertThat(flow.get("name").stringValue()).isEqualTo("My Flow");
        assertThat(flow.get("id").stringValue()).isEqualTo(created.get("flow_id").stringValue());
        assertThat(flow.get("version_id").stringValue()).isEqualTo(created.get("version_id").stringValue());
        assertThat(flow.get("attributes").get("version").stringValue()).isEqualTo("v1");
        assertThat(flow.get("version_logs_count").asLong()).isEqualTo(1);
    }

    @Test
    void storesAndReturnsEveryRequestField() {
        String body = """
                {"path":"%s","environment":"staging","log_id":"client-%s","save":true,"log_status":"complete",
                 "output":"done","inputs":{"a":1,"b":[true,null,1.10]},"run_id":"run_1","source_datapoint_id":"dp_1",
                 "user":"u1","source":"sdk","created_at":"2025-01-01T00:00:00.000Z","start_time":"2024-12-31T23:59:59.500Z",
                 "end_time":"2025-01-01T00:00:05.000Z","provider_latency":1.5,"stdout":"out","error":"warn",
                 "provider_request":{"a":1},"provider_response":{"b":{"c":[1,2]}},"metadata":{"m":"x"},
                 "messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"http://x/y.png","detail":"low"}}]}],
                 "output_message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}}
                """.formatted(path("All"), run);
        JsonNode created = created(body);
        assertThat(created.get("id").stringValue()).isEqualTo("client-" + run);
        assertThat(created.get("log_status").stringValue()).isEqualTo("complete");

        JsonNode log = getLog("client-" + run);
        assertStrictFlowLog(log);
        assertThat(log.get("log_id").stringValue()).isEqualTo("client-" + run);
        assertThat(log.get("environment").stringValue()).isEqualTo("staging");
        assertThat(log.get("save").booleanValue()).isTrue();
        assertThat(log.get("output").stringValue()).isEqualTo("done");
        assertThat(log.get("error").stringValue()).isEqualTo("warn");
        assertThat(log.get("inputs").toString()).isEqualTo("{\"a\":1,\"b\":[true,null,1.10]}");
        assertThat(log.get("run_id").stringValue()).isEqualTo("run_1");
        assertThat(log.get("source_datapoint_id").stringValue()).isEqualTo("dp_1");
        assertThat(log.get("user").stringValue()).isEqualTo("u1");
        assertThat(log.get("source").stringValue()).isEqualTo("sdk");
        assertThat(log.get("created_at").stringValue()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(log.get("start_time").stringValue()).isEqualTo("2024-12-31T23:59:59.500Z");
        assertThat(log.get("end_time").stringValue()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(log.get("provider_latency").toString()).isEqualTo("1.5");
        assertThat(log.get("stdout").stringValue()).isEqualTo("out");
        assertThat(log.get("provider_request").toString()).isEqualTo("{\"a\":1}");
        assertThat(log.get("provider_response").toString()).isEqualTo("{\"b\":{\"c\":[1,2]}}");
        assertThat(log.get("metadata").toString()).isEqualTo("{\"m\":\"x\"}");
        assertThat(log.get("messages").toString()).isEqualTo(
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x/y.png\",\"detail\":\"low\"}}]}]");
        assertThat(log.get("output_message").toString()).isEqualTo(
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}");
        assertThat(log.get("log_status").stringValue()).isEqualTo("complete");
    }

    @Test
    void clientLogIdsMayHoldSlashesSpacesAndAnyText() {
        for (String id : List.of("a/b c " + run, "medqa/" + run + "/0001?x=1#frag", "ünï " + run + " 🚀 %2F \\ end")) {
            JsonNode created = created("""
                    {"path":"%s","log_id":%s,"inputs":{"q":1},"log_status":"incomplete"}
                    """.formatted(path("Ids"), quote(id)));
            assertThat(created.get("id").stringValue()).isEqualTo(id);
            Response patched = patchLog(id, "{\"output\":\"ok\",\"log_status\":\"complete\"}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().get("id").stringValue()).isEqualTo(id);
            assertThat(getLog(id).get("output").stringValue()).isEqualTo("ok");
        }
    }

    @Test
    void identicalRetryWithTheSameLogIdReturnsTheStoredLog() {
        String body = """
                {"path":"%s","log_id":"retry-%s","flow":{"attributes":{"k":"v"}},"inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Retry"), run);
        JsonNode first = created(body);
        long before = allEvents();
        // the SDK sends undefined as null: that is the same request
        JsonNode second = created(body.replace("\"log_status\"", "\"output\":null,\"log_status\""));
        assertThat(second).isEqualTo(first);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void reusedLogIdWithAnotherBodyIsAConflictAndStoresNothing() {
        created("""
                {"path":"%s","log_id":"dup-%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Dup"), run));
        long before = allEvents();
        Response conflict = createFlowLog("""
                {"path":"%s","log_id":"dup-%s","inputs":{"q":2},"log_status":"incomplete","flow":{"attributes":{"new":true}}}
                """.formatted(path("Dup"), run));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("detail").isString()).isTrue();
        assertThat(allEvents()).as("no new Flow version either").isEqualTo(before);
        assertThat(getLog("dup-" + run).get("inputs").get("q").asInt()).isEqualTo(1);
    }

    @Test
    void logIdOfAnotherRecordIsAConflict() {
        String flowId = created("""
                {"path":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Other"))).get("flow_id").stringValue();
        Response response = createFlowLog("""
                {"path":"%s","log_id":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Other"), flowId));
        assertThat(response.status()).isEqualTo(409);
        assertThat(patchLog(flowId, "{\"output\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.get("/v5/logs/" + flowId).status()).isEqualTo(404);
    }

    @Test
    void versionsAreKeyedByTheFlowKernel() {
        String template = """
                {"path":"%s","flow":{"attributes":%s},"inputs":{"q":1},"log_status":"incomplete"}
                """;
        JsonNode a = created(template.formatted(path("Versions"), "{\"x\":1,\"y\":2}"));
        JsonNode b = created(template.formatted(path("Versions"), "{\"y\":2,\"x\":1}"));
        JsonNode c = created(template.formatted(path("Versions"), "{\"x\":2}"));
        assertThat(b.get("flow_id")).isEqualTo(a.get("flow_id"));
        assertThat(b.get("version_id")).as("same kernel, other key order").isEqualTo(a.get("version_id"));
        assertThat(c.get("flow_id")).isEqualTo(a.get("flow_id"));
        assertThat(c.get("version_id")).isNotEqualTo(a.get("version_id"));
        assertThat(getLog(b.get("id").stringValue()).get("flow").get("version_logs_count").asLong()).isEqualTo(2);

        // by id, without a kernel: the latest version
        JsonNode byId = created("""
                {"id":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(a.get("flow_id").stringValue()));
        assertThat(byId.get("version_id")).isEqualTo(c.get("version_id"));
        // an explicit version_id wins
        Response pinned = api.post("/v5/flows/log?version_id=" + a.get("version_id").stringValue(), """
                {"id":"%s","flow":{"attributes":{"x":3}},"inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(a.get("flow_id").stringValue()));
        assertThat(pinned.json().get("version_id")).isEqualTo(a.get("version_id"));
        // a flow without a kernel gets the empty one
        JsonNode bare = created("""
                {"path":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Bare")));
        assertThat(getLog(bare.get("id").stringValue()).get("flow").get("attributes").toString()).isEqualTo("{}");
    }

    @Test
    void unknownTargetsAreNotFoundAndAmbiguousOnesInvalid() {
        assertThat(createFlowLog("{\"id\":\"fl_nope\",\"inputs\":{},\"log_status\":\"incomplete\"}").status())
                .isEqualTo(404);
        String flowId = created("""
                {"path":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Target"))).get("flow_id").stringValue();
        assertThat(api.post("/v5/flows/log?version_id=flv_nope",
                "{\"id\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\"}".formatted(flowId)).status()).isEqualTo(404);
        assertThat(api.post("/v5/flows/log?version_id=flv_nope",
                "{\"path\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\"}".formatted(path("NewOne"))).status())
                .isEqualTo(404);
        Response mismatch = createFlowLog("{\"id\":\"%s\",\"path\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\"}"
                .formatted(flowId, path("Elsewhere")));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"path\"]");
        Response neither = createFlowLog("{\"inputs\":{},\"log_status\":\"incomplete\"}");
        assertThat(neither.status()).isEqualTo(422);
    }

    @Test
    void aFlowLogWithoutStatusIsOneShotAndMustBeComplete() {
        JsonNode log = created("""
                {"path":"%s","inputs":{"q":1},"output":"2"}
                """.formatted(path("OneShot")));
        assertThat(log.get("log_status").stringValue()).isEqualTo("complete");
        JsonNode stored = getLog(log.get("id").stringValue());
        assertThat(stored.get("log_status").stringValue()).isEqualTo("complete");
        assertIsoWithZone(stored.get("end_time"));

        long before = allEvents();
        Response incomplete = createFlowLog("{\"path\":\"%s\",\"inputs\":{\"q\":1}}".formatted(path("OneShot2")));
        assertThat(incomplete.status()).isEqualTo(422);
        assertThat(allEvents()).as("not even the new Flow").isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from file_path where path = ?", Long.class, path("OneShot2")))
                .isZero();
    }

    // ---------------------------------------------------------------- update

    @Test
    void patchSetsFieldsAndAnswersTheWholeUpdatedLog() {
        String id = openLog("Patch");
        Response response = patchLog(id, """
                {"inputs":{"q":"3+3?"},"messages":[{"role":"user","content":"3+3?"}],"output":"6",
                 "output_message":{"role":"assistant","content":"6"},"error":"slow"}
                """);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode log = response.json();
        assertStrictFlowLog(log);
        assertThat(log.get("inputs").get("q").stringValue()).isEqualTo("3+3?");
        assertThat(log.get("messages").get(0).get("content").stringValue()).isEqualTo("3+3?");
        assertThat(log.get("output").stringValue()).isEqualTo("6");
        assertThat(log.get("output_message").get("content").stringValue()).isEqualTo("6");
        assertThat(log.get("error").stringValue()).isEqualTo("slow");
        assertThat(log.get("log_status").stringValue()).isEqualTo("incomplete");
        assertThat(getLog(id)).as("read your writes").isEqualTo(log);
        assertThat(events(id)).isEqualTo(6);
    }

    @Test
    void nullUnsetsOutputAndErrorWhileAbsentKeysStay() {
        String id = openLog("Unset");
        patchLog(id, "{\"output\":\"4\",\"error\":\"e\"}");
        JsonNode log = patchLog(id, "{\"output\":null,\"error\":null}").json();
        assertThat(log.get("output").isNull()).isTrue();
        assertThat(log.get("error").isNull()).isTrue();
        assertThat(log.get("inputs").get("q").stringValue()).isEqualTo("2+2?");
        assertThat(events(id)).isEqualTo(5);
    }

    @Test
    void patchThatChangesNothingAppendsNothing() {
        String id = openLog("Same");
        patchLog(id, "{\"output\":\"4\"}");
        long before = events(id);
        Response same = patchLog(id, "{\"output\":\"4\",\"inputs\":{\"q\":\"2+2?\"},\"log_status\":\"incomplete\"}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(patchLog(id, "{}").status()).isEqualTo(200);
        assertThat(events(id)).isEqualTo(before);
    }

    @Test
    void completingSetsEndTimeToTheCompletionTime() {
        String id = openLog("Complete");
        Instant before = Instant.now().minusSeconds(1);
        JsonNode log = patchLog(id, "{\"output\":\"4\",\"error\":null,\"log_status\":\"complete\"}").json();
        assertThat(log.get("log_status").stringValue()).isEqualTo("complete");
        Instant end = Instant.parse(log.get("end_time").stringValue());
        assertThat(end).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(getLog(id).get("log_status").stringValue()).isEqualTo("complete");
    }

    @Test
    void completingNeedsAnOutputAndStoresNothingOtherwise() {
        String id = openLog("NoOutput");
        long before = events(id);
        Response response = patchLog(id, "{\"metadata\":{\"ignored\":true},\"log_status\":\"complete\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("detail").get(0).get("msg").isString()).isTrue();
        assertThat(events(id)).isEqualTo(before);
        assertThat(getLog(id).get("log_status").stringValue()).isEqualTo("incomplete");
        // inputs and the output may come in the same request as the completion
        String bare = created("{\"path\":\"%s\",\"log_status\":\"incomplete\"}".formatted(path("Bare2")))
                .get("id").stringValue();
        assertThat(patchLog(bare, "{\"log_status\":\"complete\",\"output\":\"x\"}").status()).isEqualTo(422);
        assertThat(patchLog(bare, "{\"log_status\":\"complete\",\"output\":\"x\",\"inputs\":{}}").status())
                .isEqualTo(200);
    }

    @Test
    void completeNeverGoesBackToIncomplete() {
        String id = openLog("Reopen");
        patchLog(id, "{\"output\":\"4\",\"log_status\":\"complete\"}");
        long before = events(id);
        Response response = patchLog(id, "{\"output\":\"5\",\"log_status\":\"incomplete\"}");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("detail").isString()).isTrue();
        assertThat(events(id)).isEqualTo(before);
        assertThat(getLog(id).get("output").stringValue()).isEqualTo("4");
        assertThat(patchLog(id, "{\"output\":null}").status()).as("would leave a complete log without output")
                .isEqualTo(409);
    }

    @Test
    void patchOfAnUnknownLogIsNotFound() {
        Response response = patchLog("nope-" + run, "{\"output\":\"x\"}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").stringValue()).contains("nope-" + run);
        assertThat(events("nope-" + run)).isZero();
    }

    @Test
    void thirtyConcurrentPatchesOfOneLogAllSucceed() throws Exception {
        String id = openLog("Concurrent");
        var pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                results.add(pool.submit((Callable<Response>) () -> patchLog(id, "{\"inputs\":{\"n\":" + n + "}}")));
            }
            for (Future<Response> result : results) {
                Response response = result.get();
                assertThat(response.status()).as(response.body()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(events(id)).as("creation + 30 changes, none lost").isEqualTo(31);
        assertThat(getLog(id).get("inputs").get("n").isNumber()).isTrue();
    }

    // ---------------------------------------------------------------- files

    @Test
    void flowsAreReadableByIdAndVersion() {
        JsonNode first = created("""
                {"path":"%s","flow":{"attributes":{"v":1}},"inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Readable")));
        JsonNode second = created("""
                {"path":"%s","flow":{"attributes":{"v":2}},"inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(path("Readable")));
        String flowId = first.get("flow_id").stringValue();
        Response latest = api.get("/v5/flows/" + flowId);
        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.json().get("version_id")).isEqualTo(second.get("version_id"));
        assertThat(latest.json().get("type").stringValue()).isEqualTo("flow");
        assertThat(latest.json().get("attributes").get("v").asInt()).isEqualTo(2);
        Response pinned = api.get("/v5/flows/" + flowId + "?version_id=" + first.get("version_id").stringValue());
        assertThat(pinned.json().get("attributes").get("v").asInt()).isEqualTo(1);
        assertThat(pinned.json().get("version_logs_count").asLong()).isEqualTo(1);
        assertThat(api.get("/v5/flows/fl_unknown").status()).isEqualTo(404);
        assertThat(api.get("/v5/flows/" + flowId + "?version_id=flv_unknown").status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- auth

    @Test
    void requestsWithoutAValidKeyAreRefusedAndChangeNothing() {
        String id = openLog("Auth");
        long before = allEvents();
        Response missing = api.send("GET", "/v5/logs/" + id, (String) null, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("detail").stringValue()).contains("X-API-KEY");
        Response wrong = api.send("PATCH", "/v5/flows/logs/" + id, "{\"output\":\"x\"}", "wrong-key");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/json");
        Response post = api.send("POST", "/v5/flows/log", "{\"path\":\"%s\",\"inputs\":{},\"output\":\"x\"}"
                .formatted(path("Auth2")), "");
        assertThat(post.status()).isEqualTo(401);
        assertThat(allEvents()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- bad input

    void assertRefused(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().has("detail")).isTrue();
    }

    @Test
    void malformedBodiesAreRefusedWith422AndStoreNothing() {
        long before = allEvents();
        String ok = "{\"path\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\"}".formatted(path("Bad"));
        for (String body : List.of("{bad json", "[1,2]", "\"text\"", "42", "null", "", ok + " trailing", ok + "{}",
                "{\"path\":\"a\",\"path\":\"b\"}")) {
            assertRefused(createFlowLog(body), 422);
        }
        String id = openLog("BadPatch");
        long beforePatch = allEvents();
        for (String body : List.of("{bad", "[]", "", "{\"output\":1}", "{\"inputs\":\"str\"}", "{\"log_status\":\"weird\"}",
                "{\"messages\":{}}", "{\"output_message\":{\"content\":\"no role\"}}")) {
            assertRefused(patchLog(id, body), 422);
        }
        assertThat(allEvents()).isEqualTo(beforePatch);
        assertThat(before).isLessThan(beforePatch);
    }

    @Test
    void wrongTypesAreReportedFieldByField() {
        Response response = createFlowLog("""
                {"path":"%s","inputs":"a string","log_status":"weird","start_time":"yesterday","provider_latency":"1",
                 "save":"yes","messages":[{"role":"robot","content":5}],"metadata":[1],"flow":{"attributes":"x"}}
                """.formatted(path("Types")));
        assertRefused(response, 422);
        List<String> locs = new ArrayList<>();
        response.json().get("detail").forEach(d -> {
            locs.add(d.get("loc").toString());
            assertThat(d.get("msg").isString()).isTrue();
            assertThat(d.get("type").isString()).isTrue();
        });
        assertThat(locs).contains("[\"body\",\"inputs\"]", "[\"body\",\"log_status\"]", "[\"body\",\"start_time\"]",
                "[\"body\",\"provider_latency\"]", "[\"body\",\"save\"]", "[\"body\",\"messages\",0,\"role\"]",
                "[\"body\",\"messages\",0,\"content\"]", "[\"body\",\"metadata\"]", "[\"body\",\"flow\",\"attributes\"]");
        assertThat(jdbc.queryForObject("select count(*) from file_path where path = ?", Long.class, path("Types")))
                .isZero();
    }

    @Test
    void unusableIdentifiersAreRefused() {
        for (String logId : List.of("", ".", "..", "a\u0000b", "tab\there", "x".repeat(513))) {
            assertRefused(createFlowLog("{\"path\":\"%s\",\"log_id\":%s,\"inputs\":{},\"log_status\":\"incomplete\"}"
                    .formatted(path("Ids2"), quote(logId))), 422);
        }
        for (String badPath : List.of("", "/lead", "trail/", "a//b", "nul\u0000")) {
            assertRefused(createFlowLog("{\"path\":%s,\"inputs\":{},\"log_status\":\"incomplete\"}".formatted(quote(badPath))),
                    422);
        }
    }

    @Test
    void largeAndUnusualTextRoundTripsExactly() {
        String big = "x".repeat(2 * 1024 * 1024);
        String unusual = "emoji 🤖🧪 👩🏽‍💻, right-to-left עברית وعربي, nul \u0000 inside, quotes \" and \\ and \n newline";
        String id = openLog("Text");
        Response patched = patchLog(id, "{\"output\":%s,\"error\":%s,\"inputs\":{%s:%s,\"n\":1.10,\"big\":1e300}}"
                .formatted(quote(big), quote(unusual), quote(unusual), quote(unusual)));
        assertThat(patched.status()).as(patched.body().substring(0, Math.min(500, patched.body().length())))
                .isEqualTo(200);
        JsonNode log = getLog(id);
        assertThat(log.get("output").stringValue()).isEqualTo(big);
        assertThat(log.get("error").stringValue()).isEqualTo(unusual);
        assertThat(log.get("inputs").get(unusual).stringValue()).isEqualTo(unusual);
        assertThat(log.get("inputs").get("n").toString()).isEqualTo("1.10");
        // the largest numbers a double holds (1e400 is refused: BadInputContract)
        assertThat(log.get("inputs").get("big").decimalValue()).isEqualByComparingTo("1e300");
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        String id = openLog("Surrogate");
        assertRefused(patchLog(id, "{\"output\":\"broken \\ud800 text\"}"), 422);
        assertRefused(patchLog(id, "{\"inputs\":{\"\\udc00\":1}}"), 422);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertRefused(createFlowLog("{\"path\":\"%s\",\"inputs\":{\"d\":%s}}".formatted(path("Deep"), deep)), 422);
    }

    @Test
    void formBodiesGetA415() {
        Response response = api.send("POST", "/v5/flows/log", "path=x".getBytes(StandardCharsets.UTF_8), Api.KEY,
                "application/x-www-form-urlencoded");
        assertRefused(response, 415);
    }

    @Test
    void textPlainBodiesAreReadAsJson() {
        Response response = api.send("POST", "/v5/flows/log",
                "{\"path\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\"}".formatted(path("Plain"))
                        .getBytes(StandardCharsets.UTF_8), Api.KEY, "text/plain;charset=UTF-8");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        assertRefused(api.get("/v5/nothing-here"), 404);
        // (DELETE /v5/flows/log is the deletion of a Flow whose id is "log": a 404)
        assertRefused(api.send("PUT", "/v5/flows/log", (String) null, Api.KEY), 405);
        assertRefused(api.send("DELETE", "/v5/flows/log", (String) null, Api.KEY), 404);
    }
}
