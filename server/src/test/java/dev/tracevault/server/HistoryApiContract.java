package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.security.ApiKeys;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Api.Response;
import dev.tracevault.server.support.StandInProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The past of a log over HTTP: its history of events with who caused each, and the log as the API
 * returned it at an earlier moment ({@code as_of}) or version ({@code version}) — run on each
 * database.
 */
abstract class HistoryApiContract extends EvaluatorApiContractSupport {

    static final StandInProvider PROVIDER = new StandInProvider();

    static final String LLM_SAYS_HELLO = """
            {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"llm",
             "prompt":{"model":"gpt-4o","template":"Does this greet? {{log.output}}","temperature":0}}""";

    /** What one step of a test left: the log's answer right after it, and when that was. */
    record Step(String body, Instant before, Instant after) {
    }

    String ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    JsonNode history(String logId) {
        return api.get("/v5/logs/" + Api.segment(logId) + "/history").json();
    }

    String asOf(String logId, Instant at) {
        return ok(api.get("/v5/logs/" + Api.segment(logId) + "?as_of=" + at));
    }

    String version(String logId, long version) {
        return ok(api.get("/v5/logs/" + Api.segment(logId) + "?version=" + version));
    }

    /**
     * Now, as a moment between two steps: the event store keeps times to the millisecond, so the
     * next step's events must come a millisecond later to be told apart.
     */
    static Instant moment() throws InterruptedException {
        Instant now = Instant.now();
        Thread.sleep(2);
        return now;
    }

    static long lastSequence(JsonNode history) {
        JsonNode events = history.get("events");
        return events.get(events.size() - 1).get("sequence").asLong();
    }

    @Test
    void theHistoryListsEveryEventInOrderWithTheKeyThatCausedIt() {
        String logId = "hist/" + run;
        String path = "h/" + run + "/Flow";
        ok(api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"log_id\":\"" + logId
                + "\",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}"));
        String url = "/v5/flows/logs/" + Api.segment(logId);
        ok(api.patch(url, "{\"output\":\"first\"}"));
        ok(api.patch(url, "{\"output\":\"second\",\"error\":\"oops\"}"));
        ok(api.patch(url, "{\"output\":null}"));
        ok(api.patch(url, "{\"output\":\"second\"}"));
        ok(api.patch(url, "{\"output\":\"second\"}")); // changes nothing: no event
        ok(api.patch(url, "{\"error\":null,\"log_status\":\"complete\"}"));

        JsonNode history = history(logId);
        assertThat(history.get("log_id").stringValue()).isEqualTo(logId);
        assertThat(history.get("erased").asBoolean()).isFalse();
        List<String> types = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        int sequence = 0;
        for (JsonNode event : history.get("events")) {
            types.add(event.get("type").stringValue());
            assertThat(event.get("sequence").asInt()).isEqualTo(sequence++);
            Instant at = Instant.parse(event.get("timestamp").stringValue());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
            assertThat(event.get("api_key").get("id").stringValue()).isEqualTo("configured");
            assertThat(event.get("api_key").get("name").stringValue()).isEqualTo("TRACEVAULT_API_KEY");
            assertThat(event.get("actor").stringValue()).isEqualTo("api_key:configured");
            assertThat(event.get("changes").has("log_id")).as("the log id is not a change").isFalse();
        }
        assertThat(types).containsExactly("FlowLogCreated", "OutputSet", "OutputSet", "ErrorSet", "OutputCleared",
                "OutputSet", "ErrorCleared", "LogCompleted");
        JsonNode events = history.get("events");
        JsonNode created = events.get(0).get("changes");
        assertThat(created.get("fields").get("inputs").toString()).isEqualTo("{\"q\":1}");
        assertThat(created.get("client_log_id").asBoolean()).isTrue();
        assertThat(created.has("request_digest")).as("internal, and a digest of the payload").isFalse();
        assertThat(events.get(1).get("changes").toString()).isEqualTo("{\"output\":\"first\"}");
        assertThat(events.get(3).get("changes").toString()).isEqualTo("{\"error\":\"oops\"}");
        assertThat(events.get(4).get("changes").toString()).isEqualTo("{}");
        assertThat(events.get(7).get("changes").has("completed_at")).isTrue();

        // the key's secret is stored nowhere, not even in the events' metadata
        assertThat(history.toString()).doesNotContain(Api.KEY);
        List<String> metadata = jdbc.query("select meta_data from domain_event_entry where aggregate_identifier = ?",
                (rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), logId);
        assertThat(metadata).hasSize(8).allSatisfy(m -> assertThat(m).contains("api_key:configured")
                .doesNotContain(Api.KEY));
    }

    @Autowired
    ApiKeys keys;

    @Test
    void aStoredKeyIsNamedInTheEventsItCaused() throws InterruptedException {
        String secret = keys.create("key_" + run, "history " + run);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (api.send("GET", "/v5/logs/none-" + run, (String) null, secret).status() == 401) {
            assertThat(System.nanoTime()).as("the server took the new key").isLessThan(deadline);
            Thread.sleep(200);
        }
        String logId = openFlow("h/" + run + "/Keys", "keys-" + run).get("id").stringValue();
        var patched = api.send("PATCH", "/v5/flows/logs/" + logId, "{\"output\":\"by the new key\"}", secret);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode events = history(logId).get("events");
        assertThat(events.get(0).get("api_key").get("id").stringValue()).isEqualTo("configured");
        JsonNode patch = events.get(1);
        assertThat(patch.get("api_key").get("id").stringValue()).isEqualTo("key_" + run);
        assertThat(patch.get("api_key").get("name").stringValue()).isEqualTo("history " + run);
        assertThat(patch.get("actor").stringValue()).isEqualTo("api_key:key_" + run);
        assertThat(history(logId).toString()).doesNotContain(secret);
    }

    @Test
    void aHistoryNeedsALog() {
        assertThat(api.get("/v5/logs/nope-" + run + "/history").status()).isEqualTo(404);
        String flowId = openFlow("h/" + run + "/NotALog", "notalog-" + run).get("flow_id").stringValue();
        assertThat(api.get("/v5/logs/" + flowId + "/history").status()).as("a file is no log").isEqualTo(404);
        assertThat(api.send("GET", "/v5/logs/notalog-" + run + "/history", (String) null, null).status())
                .isEqualTo(401);
    }

    /**
     * A Flow Log goes through PATCHes, gains a child, a sibling in its file and a judgment; at each
     * step its answer is captured. {@code as_of} right after a step answers what the API answered
     * then, right before it what it answered after the step before; {@code version} of the last
     * event of each PATCH answers what that PATCH answered.
     */
    @Test
    void asOfAndVersionAnswerWhatTheApiAnsweredThen() throws InterruptedException {
        String path = "h/" + run + "/Steps";
        String rootId = "steps-" + run;
        String root = "/v5/logs/" + rootId;
        String patch = "/v5/flows/logs/" + rootId;
        List<Step> steps = new ArrayList<>();
        List<long[]> patches = new ArrayList<>(); // {step index, version of its last event}
        Instant before = moment();
        openFlow(path, rootId);
        steps.add(new Step(ok(api.get(root)), before, moment()));

        before = moment();
        steps.add(new Step(ok(api.patch(patch, "{\"output\":\"draft\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}")), before, moment()));
        patches.add(new long[] {steps.size() - 1, lastSequence(history(rootId))});

        before = moment();
        ok(api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"inputs\":{\"q\":2},\"output\":\"o\"}"));
        steps.add(new Step(ok(api.get(root)), before, moment())); // the Flow's log counts changed

        before = moment();
        var child = api.post("/v5/prompts/log", """
                {"path":"h/%s/Prompt","prompt":{"model":"gpt-4o","template":"{{q}}"},"inputs":{"q":"x"},
                 "output":"y","trace_parent_id":"%s","start_time":"2025-03-01T10:00:00Z",
                 "end_time":"2025-03-01T10:00:05Z"}""".formatted(run, rootId));
        String childId = child.json().get("id").stringValue();
        String childPrompt = child.json().get("prompt_id").stringValue();
        steps.add(new Step(ok(api.get(root)), before, moment()));
        Step childCreated = new Step(ok(api.get("/v5/logs/" + childId)), before, moment());

        before = moment();
        ok(api.post("/v5/evaluators/log", """
                {"parent_id":"%s","path":"h/%s/Rating","judgment":"good","spec":{"arguments_type":"target_free",
                 "return_type":"select","evaluator_type":"human","options":[{"name":"good"},{"name":"bad"}]}}"""
                .formatted(rootId, run)));
        steps.add(new Step(ok(api.get(root)), before, moment()));

        before = moment();
        String childPatched = ok(api.patch("/v5/prompts/" + childPrompt + "/log/" + childId,
                "{\"end_time\":\"2025-03-01T11:00:00Z\",\"prompt_tokens\":7}"));
        steps.add(new Step(ok(api.get(root)), before, moment())); // widened by its child
        Instant childChangedAt = moment();

        before = moment();
        steps.add(new Step(ok(api.patch(patch, "{\"output\":\"final\",\"log_status\":\"complete\"}")), before,
                moment()));
        patches.add(new long[] {steps.size() - 1, lastSequence(history(rootId))});

        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).body()).as("step %d changed the answer", i).isNotEqualTo(steps.get(i - 1).body());
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            assertThat(asOf(rootId, step.after())).as("as of right after step %d", i).isEqualTo(step.body());
            if (i > 0) {
                assertThat(asOf(rootId, step.before())).as("as of right before step %d", i)
                        .isEqualTo(steps.get(i - 1).body());
            }
        }
        for (long[] p : patches) {
            assertThat(version(rootId, p[1])).as("version %d", p[1]).isEqualTo(steps.get((int) p[0]).body());
        }
        assertThat(asOf(rootId, Instant.now())).isEqualTo(ok(api.get(root)));
        assertThat(asOf(childId, childCreated.after())).isEqualTo(childCreated.body());
        assertThat(asOf(childId, childChangedAt)).isEqualTo(childPatched);
        assertThat(version(childId, 0)).isEqualTo(childCreated.body());

        assertThat(api.get(root + "?as_of=" + steps.getFirst().before().minusSeconds(1)).status())
                .as("before it existed").isEqualTo(404);
        assertThat(api.get(root + "?version=99").status()).isEqualTo(404);
        assertThat(api.get(root + "?version=-1").status()).isEqualTo(422);
        assertThat(api.get(root + "?as_of=yesterday").status()).isEqualTo(422);
        assertThat(api.get(root + "?as_of=" + Instant.now() + "&version=1").status()).isEqualTo(422);
        assertThat(api.get("/v5/logs/nope-" + run + "?as_of=" + Instant.now()).status()).isEqualTo(404);
        // an offset and no offset (UTC) name instants too
        String afterFirst = steps.get(1).after().toString().replace("Z", "");
        assertThat(ok(api.get(root + "?as_of=" + afterFirst))).isEqualTo(steps.get(1).body());
    }

    /**
     * Monitors and their judgments as they were: activating a monitor shows in the file object of
     * the logs, the judgment in their evaluator logs, both only from when they happened — and an
     * evaluation is the system's doing, not the API key's.
     */
    @Test
    void monitorsAndJudgmentsShowFromWhenTheyHappened() throws InterruptedException {
        String versionId = upsert("h/" + run + "/Greets", LLM_SAYS_HELLO).get("version_id").stringValue();
        JsonNode flow = openFlow("h/" + run + "/Monitored", "monitored-" + run);
        String logId = flow.get("id").stringValue();
        String unmonitored = ok(api.get("/v5/logs/" + logId));
        Instant beforeMonitor = moment();
        monitor("flows", flow.get("flow_id").stringValue(), versionId);
        String monitored = ok(api.get("/v5/logs/" + logId));
        Instant monitoredAt = moment();
        assertThat(monitored).isNotEqualTo(unmonitored);

        ok(api.patch("/v5/flows/logs/" + logId, "{\"output\":\"hello\",\"log_status\":\"complete\"}"));
        Instant completedAt = moment();
        String completed = asOf(logId, completedAt);
        JsonNode judgment = awaitJudgments(logId, 1).get(0);
        String judged = ok(api.get("/v5/logs/" + logId));
        Instant judgedAt = moment();

        var off = api.post("/v5/flows/" + flow.get("flow_id").stringValue() + "/evaluators",
                "{\"deactivate\":[{\"evaluator_version_id\":\"" + versionId + "\"}]}");
        assertThat(off.status()).isEqualTo(200);

        assertThat(asOf(logId, beforeMonitor)).isEqualTo(unmonitored);
        assertThat(asOf(logId, monitoredAt)).isEqualTo(monitored);
        assertThat(completed).doesNotContain(judgment.get("id").stringValue());
        assertThat(asOf(logId, judgedAt)).isEqualTo(judged);
        assertThat(asOf(logId, Instant.now())).isEqualTo(ok(api.get("/v5/logs/" + logId)))
                .contains("\"state\":\"inactive\"");

        JsonNode evaluation = history(judgment.get("id").stringValue()).get("events").get(0);
        assertThat(evaluation.get("type").stringValue()).isEqualTo("EvaluatorLogCreated");
        assertThat(evaluation.get("api_key").isNull()).isTrue();
        assertThat(evaluation.get("actor").stringValue()).isEqualTo("system:evaluation");
        assertThat(evaluation.get("changes").get("parent_id").stringValue()).isEqualTo(logId);
        List<String> types = new ArrayList<>();
        history(logId).get("events").forEach(e -> types.add(e.get("type").stringValue()));
        assertThat(types).contains("EvaluationRequested");
    }

    /**
     * After an erasure the history shows that the log was erased and that its content is gone
     * (every content field null, metadata, user and error too); as of any moment, even one before
     * its erasure, the erased log shows as its tombstone, in its trace too, and what it did to its
     * trace's times stays, as in the read model.
     */
    @Test
    void anErasedLogShowsItsErasureNotItsContent() throws InterruptedException {
        String marker = "GONE-" + run;
        String root = "erased-root-" + run;
        openFlow("h/" + run + "/Erased", root);
        var child = api.post("/v5/prompts/log", """
                {"path":"h/%s/ErasedPrompt","prompt":{"model":"m"},"inputs":{"secret":"%s"},"output":"%s",
                 "error":"%s-error","user":"%s-user","metadata":{"who":"%s-meta"},"prompt_tokens":7,
                 "trace_parent_id":"%s","start_time":"2020-01-01T00:00:00Z","end_time":"2030-01-01T00:00:00Z"}"""
                .formatted(run, marker, marker, marker, marker, marker, root));
        String childId = child.json().get("id").stringValue();
        ok(api.patch("/v5/prompts/" + child.json().get("prompt_id").stringValue() + "/log/" + childId,
                "{\"output\":\"" + marker + "-2\",\"metadata\":{\"who\":\"" + marker + "-meta-2\"}}"));
        Instant withChild = moment();
        assertThat(asOf(root, withChild)).contains(childId).contains(marker);
        assertThat(history(childId).toString()).as("the history shows content while the log lives").contains(marker);

        var erased = api.send("DELETE", "/v5/logs?id=" + childId, null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);

        JsonNode history = history(childId);
        assertThat(history.get("erased").asBoolean()).isTrue();
        JsonNode events = history.get("events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("type").stringValue()).isEqualTo("LogErased");
        assertThat(last.get("api_key").get("id").stringValue()).isEqualTo("configured");
        assertThat(last.get("changes").get("erased_at").isNull()).isFalse();
        JsonNode created = events.get(0).get("changes");
        for (String field : List.of("inputs", "output", "error", "user", "metadata")) {
            assertThat(created.get("fields").get(field).isNull()).as("content gone: " + field).isTrue();
        }
        assertThat(created.get("fields").get("start_time").stringValue()).as("the shape stays")
                .isEqualTo("2020-01-01T00:00:00Z");
        assertThat(created.get("details").get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(events.get(1).get("type").stringValue()).isEqualTo("OutputSet");
        assertThat(events.get(1).get("changes").get("output").isNull()).as("content gone").isTrue();
        assertThat(history.toString()).doesNotContain(marker);

        JsonNode past = api.get("/v5/logs/" + childId + "?as_of=" + withChild).json();
        assertThat(past.get("erased").asBoolean()).as("a tombstone even as of before its erasure").isTrue();
        assertThat(past.get("output").isNull()).isTrue();
        assertThat(past.get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(past.toString()).doesNotContain(marker);
        JsonNode firstVersion = api.get("/v5/logs/" + childId + "?version=0").json();
        assertThat(firstVersion.get("erased").asBoolean()).isTrue();
        assertThat(firstVersion.toString()).doesNotContain(marker);

        String now = ok(api.get("/v5/logs/" + root));
        assertThat(now).contains(childId).doesNotContain(marker).contains("\"start_time\":\"2020-01-01T00:00:00Z\"");
        JsonNode tombstone = api.get("/v5/logs/" + root).json().get("trace_children").get(0);
        assertThat(tombstone.get("id").stringValue()).isEqualTo(childId);
        assertThat(tombstone.get("erased").asBoolean()).isTrue();
        assertThat(asOf(root, Instant.now())).isEqualTo(now);
        assertThat(asOf(root, withChild)).contains(childId).doesNotContain(marker)
                .contains("\"end_time\":\"2030-01-01T00:00:00Z\"");
    }
}
