package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.StandInProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilding the read model over HTTP ({@code /v5/admin/replay}): after a replay every log and
 * every file reads back byte for byte as before, for a workload with every feature; writes made
 * while it rebuilds succeed and are visible afterwards; only read models can be replayed — run on
 * each database.
 */
abstract class ReplayApiContract extends EvaluatorApiContractSupport {

    static final StandInProvider PROVIDER = new StandInProvider();

    static final String LLM_SAYS_HELLO = """
            {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"llm",
             "prompt":{"model":"gpt-4o","template":"Does this greet? {{log.output}}","temperature":0}}""";

    /** The logs and files a workload wrote: log ids, and the GET paths of files, versions and lists. */
    record Written(Set<String> logs, Set<String> files) {
    }

    JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isIn(200, 202);
        return response.json();
    }

    String id(Api.Response response) {
        return ok(response).get("id").stringValue();
    }

    /** A bit of everything the API does: traces of every kind of log, PATCHes, files and versions, evaluators. */
    Written workload() {
        Set<String> logs = new LinkedHashSet<>();
        String w = "w/" + run + "/";
        // evaluators: an llm monitor in two versions, an external and a human one for posted judgments
        JsonNode greets = upsert(w + "Greets", LLM_SAYS_HELLO);
        String greetsV1 = greets.get("version_id").stringValue();
        upsert(w + "Greets", LLM_SAYS_HELLO.replace("Does this greet?", "Is this a greeting?"));
        String rating = """
                {"arguments_type":"target_free","return_type":"select","evaluator_type":"external",
                 "options":[{"name":"good","valence":"positive"},{"name":"bad","valence":"negative"}]}""";
        String human = """
                {"arguments_type":"target_free","return_type":"number","evaluator_type":"human",
                 "number_limits":{"min":0,"max":5}}""";

        // a Flow monitored by a pinned version and by the evaluator's latest ("production")
        String firstRoot = id(api.post("/v5/flows/log", """
                {"path":"%sAgent","flow":{"attributes":{"v":1}},"inputs":{"q":"hi"},"log_status":"incomplete",
                 "start_time":"2025-03-01T10:00:00Z","metadata":{"tag":"first"}}""".formatted(w)));
        String flowId = api.get("/v5/logs/" + firstRoot).json().get("flow").get("id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":[{\"evaluator_version_id\":\"" + greetsV1
                + "\"},{\"evaluator_id\":\"" + greets.get("id").stringValue() + "\",\"environment_id\":\"production\"}]}"));

        String openRoot = null;
        for (int t = 0; t < 3; t++) {
            String root = t == 0 ? firstRoot : id(api.post("/v5/flows/log", """
                    {"path":"%sAgent","flow":{"attributes":{"v":%d}},"inputs":{"q":%d},"log_status":"incomplete",
                     "start_time":"2025-03-01T1%d:00:00Z"}""".formatted(w, t == 2 ? 2 : 1, t, t)));
            logs.add(root);
            openRoot = root;
            JsonNode prompt = ok(api.post("/v5/prompts/log", """
                    {"path":"%sAnswer","prompt":{"model":"gpt-4o","template":"Answer {{q}}","temperature":0.7},
                     "inputs":{"q":"2+2"},"messages":[{"role":"user","content":"2+2?"}],
                     "output_message":{"role":"assistant","content":"4","tool_calls":[{"id":"c1","type":"function",
                     "function":{"name":"calc","arguments":"{}"}}]},"prompt_tokens":10,"output_tokens":1,
                     "prompt_cost":0.0001,"finish_reason":"stop","tool_choice":"auto","trace_parent_id":"%s",
                     "start_time":"2025-03-01T1%d:00:01Z","end_time":"2025-03-01T1%d:00:02.500Z"}"""
                    .formatted(w, root, t, t)));
            String promptLog = prompt.get("id").stringValue();
            logs.add(promptLog);
            String tool = id(api.post("/v5/tools/log", """
                    {"path":"%sCalc","tool":{"function":{"name":"calc","description":"adds","parameters":{"type":"object",
                     "properties":{"a":{"type":"number"}}}}},"inputs":{"a":1},"output":"1","trace_parent_id":"%s",
                     "start_time":"2025-03-01T1%d:00:03Z","end_time":"2025-03-01T1%d:00:04Z"}"""
                    .formatted(w, promptLog, t, t)));
            logs.add(tool);
            String nested = id(api.post("/v5/flows/log", """
                    {"path":"%sSub","inputs":{"n":%d},"log_status":"incomplete","trace_parent_id":"%s",
                     "log_id":"%sünï/%d"}""".formatted(w, t, root, w, t)));
            logs.add(nested);
            String deep = id(api.post("/v5/tools/log", """
                    {"path":"%sCalc","inputs":{"a":2},"trace_parent_id":"%s","start_time":"2025-03-01T%02d:59:00Z",
                     "log_status":"incomplete"}""".formatted(w, nested, 9 + t)));
            logs.add(deep);
            String toolId = api.get("/v5/logs/" + tool).json().get("tool").get("id").stringValue();
            ok(api.patch("/v5/tools/" + toolId + "/log/" + deep, "{\"error\":\"timeout\",\"end_time\":"
                    + "\"2025-03-01T1" + t + ":30:00Z\"}"));
            ok(api.patch("/v5/tools/" + toolId + "/log/" + deep, "{\"error\":null,\"output\":\"2\",\"log_status\":"
                    + "\"complete\"}"));
            ok(api.patch("/v5/prompts/" + prompt.get("prompt_id").stringValue() + "/log/" + promptLog,
                    "{\"reasoning_tokens\":3,\"metadata\":{\"k\":\"v\"},\"provider_latency\":1.10}"));
            ok(api.patch("/v5/flows/logs/" + Api.segment(nested), "{\"output\":\"sub\",\"log_status\":\"complete\"}"));
            ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"" + promptLog + "\",\"path\":\"" + w
                    + "Rating\",\"spec\":" + rating + ",\"judgment\":\"good\"}"));
            ok(api.patch("/v5/flows/logs/" + root, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"output_message\":{\"role\":\"assistant\",\"content\":\"hello\"}}"));
            if (t < 2) {
                ok(api.patch("/v5/flows/logs/" + root, "{\"output\":\"hello " + t + "\",\"log_status\":\"complete\"}"));
            }
        }
        // standalone logs: a one-shot Flow Log with an error, a Prompt and a Tool Log outside any trace
        String oneShot = id(api.post("/v5/flows/log", """
                {"path":"%sAgent","flow":{"attributes":{"v":1}},"inputs":{"q":"x"},"error":"failed","user":"ann",
                 "environment":"staging","source":"sdk"}""".formatted(w)));
        logs.add(oneShot);
        String standalonePrompt = id(api.post("/v5/prompts/log", """
                {"path":"%sAnswer","prompt":{"model":"gpt-4o","template":"Answer {{q}}","temperature":0.7},
                 "output":"hello","log_status":"complete"}""".formatted(w)));
        logs.add(standalonePrompt);
        logs.add(id(api.post("/v5/tools/log", "{\"path\":\"" + w + "Calc\",\"inputs\":{\"a\":3}}")));
        // posted judgments: kept in order, one withdrawn, one by a human
        String rated = ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"" + firstRoot + "\",\"path\":\"" + w
                + "Rating\",\"judgment\":\"bad\"}")).get("version_id").stringValue();
        ok(api.post("/v5/evaluators/log?version_id=" + rated, "{\"parent_id\":\"" + firstRoot + "\","
                + "\"judgment\":null,\"marked_completed\":true}"));
        ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"" + standalonePrompt + "\",\"path\":\"" + w
                + "Stars\",\"spec\":" + human + ",\"judgment\":4.5}"));
        // save: false keeps no payload; an erased subtree and its judgment stay as tombstones
        logs.add(id(api.post("/v5/prompts/log", """
                {"path":"%sAnswer","prompt":{"model":"gpt-4o","template":"Answer {{q}}","temperature":0.7},
                 "inputs":{"q":"private"},"output":"private","save":false}""".formatted(w))));
        String erasedChild = id(api.post("/v5/tools/log", "{\"path\":\"" + w + "Calc\",\"inputs\":{\"a\":9},"
                + "\"trace_parent_id\":\"" + openRoot + "\",\"start_time\":\"2025-03-01T09:00:00Z\"}"));
        ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"" + erasedChild + "\",\"path\":\"" + w
                + "Rating\",\"judgment\":\"bad\"}"));
        var erased = api.send("DELETE", "/v5/logs?id=" + erasedChild, null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        logs.add(erasedChild); // a replay rebuilds the same tombstone
        // environments and deployments: rebuilt from the workspace's and the files' events
        String environment = ok(api.post("/v5/environments", "{\"name\":\"" + w + "env\"}")).get("id").stringValue();
        String flowVersion = api.get("/v5/flows/" + flowId).json().get("version_id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/environments/" + environment + "?version_id=" + flowVersion, null));
        ok(api.post("/v5/flows/" + flowId + "/environments/env_default?version_id=" + flowVersion, null));
        ok(api.patch("/v5/environments/" + environment, "{\"name\":\"" + w + "renamed\"}"));
        // the pinned monitor is switched off at the end
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"deactivate\":[{\"evaluator_version_id\":\""
                + greetsV1 + "\"}]}"));

        awaitQuiet();
        Set<String> files = new LinkedHashSet<>();
        for (String log : List.copyOf(logs)) {
            JsonNode read = api.get("/v5/logs/" + Api.segment(log)).json();
            read.get("evaluator_logs").forEach(judgment -> logs.add(judgment.get("id").stringValue()));
        }
        for (String log : logs) {
            JsonNode read = api.get("/v5/logs/" + Api.segment(log)).json();
            for (String kind : List.of("flow", "prompt", "tool", "evaluator")) {
                if (read.has(kind)) {
                    String file = "/v5/" + kind + "s/" + read.get(kind).get("id").stringValue();
                    files.add(file);
                    files.add(file + "?version_id=" + read.get(kind).get("version_id").stringValue());
                    String listing = "/v5/logs?size=100&file_id=" + read.get(kind).get("id").stringValue();
                    files.add(listing + "&include_trace_children=true&include_parent=true");
                    files.add(listing + "&search=e&start_date=2000-01-01T00:00:00Z");
                    files.add(listing + "&metadata_search=e");
                }
            }
        }
        for (String kind : List.of("flows", "prompts", "tools", "evaluators")) {
            files.add("/v5/" + kind + "?size=100&sort_by=name&order=asc");
        }
        files.add("/v5/environments");
        files.add("/v5/flows/" + flowId + "/environments");
        assertThat(logs.size()).as("logs written, judgments included").isGreaterThanOrEqualTo(30);
        return new Written(logs, files);
    }

    /** Waits until no evaluation is pending and the read model has caught up with the store. */
    void awaitQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int quiet = 0;
        while (quiet < 3) {
            assertThat(System.nanoTime()).as("evaluations and the projection settle").isLessThan(deadline);
            long pending = jdbc.queryForObject("select count(*) from evaluation_job", Long.class)
                    + jdbc.queryForObject("select count(*) from saga_entry", Long.class);
            boolean caughtUp = replayStatus().get("projections").valueStream()
                    .allMatch(p -> p.get("position").asLong() >= p.get("head").asLong());
            quiet = pending == 0 && caughtUp ? quiet + 1 : 0;
            sleep(200);
        }
    }

    JsonNode replayStatus() {
        return ok(api.get("/v5/admin/replay"));
    }

    JsonNode awaitReplay() {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonNode status = replayStatus();
            if (status.get("state").stringValue().equals("done")) {
                return status;
            }
            assertThat(status.get("state").stringValue()).isEqualTo("running");
            assertThat(System.nanoTime()).as("the replay ends in time").isLessThan(deadline);
            sleep(50);
        }
    }

    Map<String, String> read(Set<String> paths) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String path : paths) {
            var response = api.get(path);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
            bodies.put(path, response.body());
        }
        return bodies;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReplayRebuildsEveryLogAndFileByteForByte() {
        Written written = workload();
        Set<String> paths = new LinkedHashSet<>();
        written.logs().forEach(log -> paths.add("/v5/logs/" + Api.segment(log)));
        paths.addAll(written.files());
        Map<String, String> before = read(paths);
        long judgments = judgmentEvents();
        assertThat(before.values()).anySatisfy(body -> assertThat(body).contains("\"evaluator_type\":\"llm\"")
                .contains("\"judgment\":true"));

        JsonNode started = ok(api.post("/v5/admin/replay?projection=logs", null));
        assertThat(started.get("replayed").toString()).isEqualTo("[\"logs\"]");
        JsonNode done = awaitReplay();
        assertThat(done.get("finished_at").isNull()).isFalse();
        assertThat(done.get("projections").get(0).get("progress").asDouble()).isEqualTo(1.0);

        Map<String, String> after = read(paths);
        for (String path : paths) {
            assertThat(after.get(path)).as(path).isEqualTo(before.get(path));
        }
        sleep(1000);
        assertThat(judgmentEvents()).as("a replay runs no evaluation again").isEqualTo(judgments);
        assertThat(jdbc.queryForObject("select count(*) from evaluation_job", Long.class)).isZero();
    }

    long judgmentEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like"
                + " '%EvaluatorLogCreated'", Long.class);
    }

    @Test
    void writesDuringAReplaySucceedAndAreVisibleAfterwards() {
        String w = "d/" + run + "/";
        String root = id(api.post("/v5/flows/log", "{\"path\":\"" + w + "Flow\",\"inputs\":{},\"log_status\":"
                + "\"incomplete\"}"));
        for (int i = 0; i < 200; i++) {
            ok(api.post("/v5/tools/log", "{\"path\":\"" + w + "Tool\",\"inputs\":{\"i\":" + i + "},"
                    + "\"trace_parent_id\":\"" + root + "\"}"));
        }
        String standalone = id(api.post("/v5/flows/log", "{\"path\":\"" + w + "Flow\",\"inputs\":{},"
                + "\"log_status\":\"incomplete\"}"));

        JsonNode started = ok(api.post("/v5/admin/replay", null));
        assertThat(started.get("state").stringValue()).isEqualTo("running");
        assertThat(api.post("/v5/admin/replay", null).status()).as("one replay at a time").isEqualTo(409);
        assertThat(replayStatus().get("projections").valueStream().filter(p -> p.get("name").stringValue()
                .equals("logs")).findFirst().orElseThrow().get("state").stringValue()).isEqualTo("running");
        var patched = api.patch("/v5/flows/logs/" + standalone, "{\"output\":\"during the replay\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("output").stringValue()).isEqualTo("during the replay");
        String child = id(api.post("/v5/tools/log", "{\"path\":\"" + w + "Tool\",\"inputs\":{\"i\":-1},"
                + "\"trace_parent_id\":\"" + root + "\"}"));
        var evaluator = api.post("/v5/evaluators", "{\"path\":\"" + w + "Rating\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":\"human\"}}");
        assertThat(evaluator.status()).as(evaluator.body()).isEqualTo(200);
        awaitReplay();

        assertThat(api.get("/v5/logs/" + standalone).body()).isEqualTo(patched.body());
        JsonNode tree = ok(api.get("/v5/logs/" + root));
        assertThat(tree.get("trace_children").size()).isEqualTo(201);
        assertThat(tree.get("trace_children").valueStream().map(c -> c.get("id").stringValue())).contains(child);
        assertThat(api.get("/v5/evaluators/" + evaluator.json().get("id").stringValue()).body())
                .isEqualTo(evaluator.body());
    }

    @Test
    void onlyReadModelsCanBeReplayed() {
        JsonNode status = replayStatus();
        List<String> projections = new ArrayList<>();
        status.get("projections").forEach(p -> projections.add(p.get("name").stringValue()));
        assertThat(projections).as("the evaluation saga is no read model").containsExactlyInAnyOrder("analytics", "logs");
        var saga = api.post("/v5/admin/replay?projection=EvaluationSagaProcessor", null);
        assertThat(saga.status()).as(saga.body()).isEqualTo(422);
        assertThat(saga.body()).contains("not a read model").contains("logs");
        assertThat(api.post("/v5/admin/replay?projection=nope", null).status()).isEqualTo(422);
        assertThat(api.send("POST", "/v5/admin/replay", (String) null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/v5/admin/replay", (String) null, "wrong").status()).isEqualTo(401);
    }
}
