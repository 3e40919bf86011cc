package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.query.replay.LogsRebuild;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Api.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Traces over HTTP: Prompt and Tool logs, nested Flow logs, the recursive trace tree, widening,
 * and the rule that no log joins a trace whose root is complete — run on each database.
 */
abstract class TraceApiContract extends ApiContractBase {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");


    String path(String name) {
        return "trace-" + run + "/" + name;
    }

    static String at(int seconds) {
        return "\"" + T0.plusSeconds(seconds) + "\"";
    }

    JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    String root(String name) {
        return ok(api.post("/v5/flows/log", """
                {"path":"%s","flow":{"attributes":{"r":1}},"inputs":{"q":1},"log_status":"incomplete","start_time":%s}
                """.formatted(path(name), at(0)))).get("id").stringValue();
    }

    Response prompt(String parent, int start, int end) {
        return api.post("/v5/prompts/log", """
                {"path":"%s","prompt":{"model":"gpt-4o","template":"Answer {{question}} for {{ user }}"},
                 "inputs":{"question":"2+2"},"output":"4","trace_parent_id":%s,"start_time":%s,"end_time":%s,
                 "prompt_tokens":10,"output_tokens":1,"prompt_cost":0.0001,"output_cost":0.00002,"finish_reason":"stop",
                 "tool_choice":"auto","messages":[{"role":"user","content":"2+2?"}],
                 "output_message":{"role":"assistant","content":"4"}}
                """.formatted(path("Prompt"), parent == null ? "null" : quote(parent), at(start),
                at(end)));
    }

    Response tool(String parent, int start, int end) {
        return api.post("/v5/tools/log", """
                {"path":"%s","tool":{"function":{"name":"calc","description":"adds","parameters":{"type":"object",
                 "properties":{"a":{"type":"number"},"b":{"type":"number"}}}}},"inputs":{"a":1,"b":2},"output":"3",
                 "trace_parent_id":%s,"start_time":%s,"end_time":%s}
                """.formatted(path("Tool"), quote(parent), at(start), at(end)));
    }

    String nestedFlow(String parent, int start) {
        return ok(api.post("/v5/flows/log", """
                {"path":"%s","inputs":{"q":2},"log_status":"incomplete","trace_parent_id":"%s","start_time":%s}
                """.formatted(path("Nested"), parent, at(start)))).get("id").stringValue();
    }

    JsonNode get(String id) {
        return ok(api.get("/v5/logs/" + Api.segment(id)));
    }

    @Test
    void promptAndToolLogsCreateTheirFilesAndKeepEveryField() {
        JsonNode created = ok(prompt(null, 1, 2));
        assertThat(created.get("prompt_id").stringValue()).startsWith("pr_");
        assertThat(created.get("version_id").stringValue()).startsWith("prv_");
        JsonNode log = get(created.get("id").stringValue());
        JsonNode prompt = log.get("prompt");
        assertThat(prompt.get("type").stringValue()).isEqualTo("prompt");
        assertThat(prompt.get("model").stringValue()).isEqualTo("gpt-4o");
        assertThat(prompt.get("inputs").toString()).isEqualTo("[{\"name\":\"question\"},{\"name\":\"user\"}]");
        assertThat(prompt.get("total_logs_count").asLong()).isPositive();
        assertThat(prompt.get("version_logs_count").asLong()).isPositive();
        assertThat(log.get("flow")).isNull();
        assertThat(log.get("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(log.get("output_tokens").asInt()).isEqualTo(1);
        assertThat(log.get("prompt_cost").toString()).isEqualTo("0.0001");
        assertThat(log.get("output_cost").toString()).isEqualTo("0.00002");
        assertThat(log.get("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(log.get("tool_choice").stringValue()).isEqualTo("auto");
        assertThat(log.get("output_message").get("content").stringValue()).isEqualTo("4");
        assertThat(log.get("log_status").isNull()).as("unspecified status").isTrue();
        assertThat(log.get("trace_id").isNull()).as("outside any trace").isTrue();
        assertThat(log.get("evaluator_logs").isArray()).isTrue();

        String root = root("ForTool");
        JsonNode toolCreated = ok(tool(root, 1, 2));
        assertThat(toolCreated.get("tool_id").stringValue()).startsWith("tl_");
        JsonNode toolLog = get(toolCreated.get("id").stringValue());
        assertThat(toolLog.get("tool").get("type").stringValue()).isEqualTo("tool");
        assertThat(toolLog.get("tool").get("function").get("name").stringValue()).isEqualTo("calc");
        assertThat(toolLog.get("tool").get("inputs").toString()).isEqualTo("[{\"name\":\"a\"},{\"name\":\"b\"}]");
        assertThat(toolLog.get("output").stringValue()).isEqualTo("3");
    }

    @Test
    void aNewPromptNeedsItsModel() {
        Response response = api.post("/v5/prompts/log", "{\"path\":\"%s\",\"output\":\"x\"}".formatted(path("NoModel")));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"prompt\",\"model\"]");
        assertThat(api.post("/v5/prompts/log", "{\"path\":\"%s\",\"prompt\":{\"template\":\"x\"}}"
                .formatted(path("NoModel2"))).status()).isEqualTo(422);
    }

    @Test
    void theTraceTreeIsRecursiveOrderedByStartAndCarriesTraceIds() {
        String root = root("Tree");
        String promptId = ok(prompt(root, 2, 3)).get("id").stringValue();
        String toolId = ok(tool(root, 1, 2)).get("id").stringValue();
        String nested = nestedFlow(root, 4);
        String deep = ok(prompt(nested, 5, 9)).get("id").stringValue();

        JsonNode tree = get(root);
        String flowId = tree.get("flow").get("id").stringValue();
        JsonNode children = tree.get("trace_children");
        assertThat(children.size()).isEqualTo(3);
        assertThat(children.get(0).get("id").stringValue()).isEqualTo(toolId);
        assertThat(children.get(0).has("tool")).isTrue();
        assertThat(children.get(1).get("id").stringValue()).isEqualTo(promptId);
        assertThat(children.get(1).has("prompt")).isTrue();
        assertThat(children.get(2).get("id").stringValue()).isEqualTo(nested);
        assertThat(children.get(2).has("flow")).isTrue();
        JsonNode grandchildren = children.get(2).get("trace_children");
        assertThat(grandchildren.size()).isEqualTo(1);
        assertThat(grandchildren.get(0).get("id").stringValue()).isEqualTo(deep);
        for (JsonNode log : List.of(tree, children.get(0), children.get(1), children.get(2), grandchildren.get(0))) {
            assertThat(log.get("trace_id").stringValue()).isEqualTo(root);
            assertThat(log.get("trace_flow_id").stringValue()).isEqualTo(flowId);
            assertThat(log.get("evaluator_logs").isArray()).isTrue();
            assertThat(log.get("trace_children").isArray()).isTrue();
        }
        assertThat(children.get(2).get("trace_parent_id").stringValue()).isEqualTo(root);
        assertThat(grandchildren.get(0).get("trace_parent_id").stringValue()).isEqualTo(nested);
        // a nested log's own read shows its subtree only
        assertThat(get(nested).get("trace_children").size()).isEqualTo(1);
        assertThat(get(deep).get("trace_children").size()).isZero();
        // PATCH answers carry the tree too
        JsonNode patched = ok(api.patch("/v5/flows/logs/" + nested, "{\"output\":\"done\"}"));
        assertThat(patched.get("trace_children").size()).isEqualTo(1);
    }

    @Test
    void theStreamedReadOfATreeIsTheWriteAnswerByteForByte() {
        String root = root("Streamed");
        String promptId = ok(prompt(root, 2, 3)).get("id").stringValue();
        ok(tool(root, 1, 2));
        String nested = nestedFlow(root, 4);
        ok(prompt(nested, 5, 9));
        ok(tool(nested, 6, 7));
        for (String judged : List.of(promptId, nested)) {
            var judgment = api.post("/v5/evaluators/log", "{\"parent_id\":\"" + judged + "\",\"path\":\""
                    + path("Note") + "\",\"spec\":{\"arguments_type\":\"target_free\",\"return_type\":\"text\","
                    + "\"evaluator_type\":\"human\"},\"judgment\":\"fine <b>\\u00e9\\u2603</b>\"}");
            assertThat(judgment.status()).as(judgment.body()).isEqualTo(200);
        }
        // a write answers the log as the read model renders it whole; GET /v5/logs/{id} writes it as it renders it
        var written = api.patch("/v5/flows/logs/" + root, "{\"output\":\"done \\u2603\"}");
        assertThat(written.status()).isEqualTo(200);
        var read = api.get("/v5/logs/" + root);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.contentType()).startsWith("application/json");
        assertThat(read.body()).isEqualTo(written.body());
        assertThat(read.json().get("trace_children").get(2).get("evaluator_logs").get(0).get("judgment").stringValue())
                .isEqualTo("fine <b>\u00e9\u2603</b>");
        var nestedWritten = api.patch("/v5/flows/logs/" + nested, "{\"output\":\"nested\"}");
        assertThat(api.get("/v5/logs/" + nested).body()).isEqualTo(nestedWritten.body());
        var missing = api.get("/v5/logs/log_not_there");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").isString() || missing.json().get("detail").isObject()).isTrue();
    }

    @Test
    void ancestorsWidenToCoverEveryDescendant() {
        String root = root("Widen");
        String nested = nestedFlow(root, 4);
        ok(prompt(nested, -5, 20));
        JsonNode tree = get(root);
        assertThat(tree.get("start_time").stringValue()).isEqualTo(T0.minusSeconds(5).toString());
        assertThat(tree.get("end_time").stringValue()).isEqualTo(T0.plusSeconds(20).toString());
        JsonNode nestedLog = tree.get("trace_children").get(0);
        assertThat(nestedLog.get("start_time").stringValue()).isEqualTo(T0.minusSeconds(5).toString());
        assertThat(nestedLog.get("end_time").stringValue()).isEqualTo(T0.plusSeconds(20).toString());
        // a later change of a child's times widens again
        String child = ok(tool(root, 1, 2)).get("id").stringValue();
        String toolId = get(child).get("tool").get("id").stringValue();
        ok(api.patch("/v5/tools/" + toolId + "/log/" + child, "{\"end_time\":" + at(30) + "}"));
        assertThat(get(root).get("end_time").stringValue()).isEqualTo(T0.plusSeconds(30).toString());
        // completing the root: end is the completion time, or later if a child ends later
        JsonNode completed = ok(api.patch("/v5/flows/logs/" + root, "{\"output\":\"x\",\"log_status\":\"complete\"}"));
        assertThat(Instant.parse(completed.get("end_time").stringValue())).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void parentsMustExistAndBelongToATrace() {
        Response unknown = prompt("nope-" + run, 1, 2);
        assertThat(unknown.status()).isEqualTo(404);
        String standalone = ok(prompt(null, 1, 2)).get("id").stringValue();
        Response outside = prompt(standalone, 1, 2);
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.json().get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"trace_parent_id\"]");
        // a prompt or tool log inside a trace may be a parent
        String root = root("Parents");
        String middle = ok(prompt(root, 1, 2)).get("id").stringValue();
        String leaf = ok(tool(middle, 1, 2)).get("id").stringValue();
        assertThat(get(leaf).get("trace_id").stringValue()).isEqualTo(root);
        assertThat(get(root).get("trace_children").get(0).get("trace_children").get(0).get("id").stringValue())
                .isEqualTo(leaf);
    }

    @Test
    void aCompletedTraceAdmitsNoMoreLogsAnywhereInIt() {
        String root = root("Closed");
        String nested = nestedFlow(root, 1);
        String child = ok(prompt(nested, 2, 3)).get("id").stringValue();
        ok(api.patch("/v5/flows/logs/" + root, "{\"output\":\"x\",\"log_status\":\"complete\"}"));
        long before = allEvents();
        for (String parent : List.of(root, nested, child)) {
            Response refused = prompt(parent, 4, 5);
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(tool(parent, 4, 5).status()).isEqualTo(409);
        }
        assertThat(api.post("/v5/flows/log", "{\"path\":\"%s\",\"inputs\":{},\"log_status\":\"incomplete\",\"trace_parent_id\":\"%s\"}"
                .formatted(path("Late"), root)).status()).isEqualTo(409);
        assertThat(allEvents()).as("refused logs store nothing").isEqualTo(before);
        assertThat(get(root).get("trace_children").size()).isEqualTo(1);
    }

    @Test
    void aCompletedNestedFlowClosesItsOwnSubtree() {
        String root = root("NestedClosed");
        String nested = nestedFlow(root, 1);
        ok(api.patch("/v5/flows/logs/" + nested, "{\"output\":\"x\",\"log_status\":\"complete\"}"));
        assertThat(prompt(nested, 2, 3).status()).isEqualTo(409);
        assertThat(prompt(root, 2, 3).status()).as("the root is still open").isEqualTo(200);
    }

    @Test
    void promptAndToolLogPatchesAnswerTheWholeLog() {
        JsonNode created = ok(prompt(null, 1, 2));
        String logId = created.get("id").stringValue();
        String promptId = created.get("prompt_id").stringValue();
        JsonNode patched = ok(api.patch("/v5/prompts/" + promptId + "/log/" + logId, """
                {"output":"four","prompt_tokens":12,"reasoning_tokens":3,"stdout":null,"metadata":{"k":"v"},
                 "tool_choice":{"type":"function","function":{"name":"f"}},"log_status":"complete"}
                """));
        assertThat(patched.get("prompt").get("id").stringValue()).isEqualTo(promptId);
        assertThat(patched.get("output").stringValue()).isEqualTo("four");
        assertThat(patched.get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(patched.get("reasoning_tokens").asInt()).isEqualTo(3);
        assertThat(patched.get("metadata").get("k").stringValue()).isEqualTo("v");
        assertThat(patched.get("tool_choice").get("function").get("name").stringValue()).isEqualTo("f");
        assertThat(patched.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(get(logId)).isEqualTo(patched);
        assertThat(api.patch("/v5/prompts/pr_other/log/" + logId, "{\"output\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.patch("/v5/prompts/" + promptId + "/log/" + logId, "{\"log_status\":\"incomplete\"}").status())
                .isEqualTo(409);
        assertThat(api.patch("/v5/prompts/" + promptId + "/log/" + logId, "{\"tool_choice\":\"sometimes\"}").status())
                .isEqualTo(422);

        String root = root("ToolPatch");
        JsonNode toolCreated = ok(tool(root, 1, 2));
        String toolLog = toolCreated.get("id").stringValue();
        JsonNode toolPatched = ok(api.patch("/v5/tools/" + toolCreated.get("tool_id").stringValue() + "/log/" + toolLog,
                "{\"output\":\"4\",\"error\":\"late\",\"provider_latency\":0.25}"));
        assertThat(toolPatched.get("tool").get("type").stringValue()).isEqualTo("tool");
        assertThat(toolPatched.get("output").stringValue()).isEqualTo("4");
        assertThat(toolPatched.get("provider_latency").toString()).isEqualTo("0.25");
        assertThat(api.patch("/v5/tools/tl_other/log/" + toolLog, "{\"output\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void logIdsAreUniqueAcrossKinds() {
        String root = root("Unique");
        Response clash = api.post("/v5/prompts/log", """
                {"path":"%s","prompt":{"model":"m"},"log_id":"%s"}""".formatted(path("Clash"), root));
        assertThat(clash.status()).isEqualTo(409);
        String promptLog = ok(api.post("/v5/prompts/log", """
                {"path":"%s","prompt":{"model":"m"},"log_id":"p-%s"}""".formatted(path("Clash"), run))).get("id")
                .stringValue();
        assertThat(api.post("/v5/tools/log", "{\"path\":\"%s\",\"log_id\":\"%s\"}".formatted(path("T"), promptLog))
                .status()).isEqualTo(409);
        assertThat(api.patch("/v5/flows/logs/" + promptLog, "{\"output\":\"x\"}").status()).isEqualTo(404);
    }

    /**
     * Children posted at the same moment as their root's completion: each is either admitted
     * before it (in the tree, readable) or refused after it (409, stored nothing). The test shows
     * the race happened: in some round the completion fell between the children, some admitted
     * and some refused; the rounds repeat (a few at most) until one did, and fail if none did.
     */
    @Test
    void childrenRacingTheRootsCompletionAreEitherAdmittedOrRefused() throws Exception {
        // the children's Tool exists beforehand, so they queue only on the root, as the completion does
        assertThat(api.post("/v5/tools/log", "{\"path\":\"%s\",\"output\":\"ok\"}".formatted(path("RaceTool")))
                .status()).isEqualTo(200);
        List<String> rounds = new ArrayList<>();
        boolean raced = false;
        for (int round = 0; round < 5 && !raced; round++) {
            int[] outcome = raceRound(round);
            rounds.add(outcome[0] + " admitted, " + outcome[1] + " refused");
            raced = outcome[0] > 0 && outcome[1] > 0;
        }
        assertThat(raced).as("a round where the completion fell between the children: %s", rounds).isTrue();
    }

    /** One race of 40 children and the completion; checks each outcome; answers {admitted, refused}. */
    private int[] raceRound(int round) throws Exception {
        String root = root("Race" + round);
        var pool = Executors.newFixedThreadPool(41);
        var start = new CountDownLatch(1);
        try {
            List<Future<Response>> children = new ArrayList<>();
            Future<Response> completion = null;
            for (int i = 0; i < 40; i++) {
                String id = "race-%s-%d-%d".formatted(run, round, i);
                int n = i;
                children.add(pool.submit((Callable<Response>) () -> {
                    start.await();
                    return api.post("/v5/tools/log", """
                            {"path":"%s","log_id":"%s","inputs":{"n":%d},"output":"ok","trace_parent_id":"%s"}
                            """.formatted(path("RaceTool"), id, n, root));
                }));
                if (i == 20) {
                    completion = pool.submit((Callable<Response>) () -> {
                        start.await();
                        return api.patch("/v5/flows/logs/" + root, "{\"output\":\"x\",\"log_status\":\"complete\"}");
                    });
                }
            }
            start.countDown();
            assertThat(completion.get().status()).isEqualTo(200);
            Set<String> admitted = new HashSet<>();
            int refused = 0;
            for (int i = 0; i < 40; i++) {
                Response response = children.get(i).get();
                assertThat(response.status()).as(response.body()).isIn(200, 409);
                if (response.status() == 200) {
                    admitted.add("race-%s-%d-%d".formatted(run, round, i));
                } else {
                    refused++;
                }
            }
            Set<String> inTree = new HashSet<>();
            get(root).get("trace_children").forEach(child -> inTree.add(child.get("id").stringValue()));
            assertThat(inTree).isEqualTo(admitted);
            for (int i = 0; i < 40; i++) {
                String id = "race-%s-%d-%d".formatted(run, round, i);
                assertThat(api.get("/v5/logs/" + id).status()).isEqualTo(admitted.contains(id) ? 200 : 404);
            }
            return new int[] {admitted.size(), refused};
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRootKeepsAdmittingChildrenPastItsSnapshots() {
        String root = root("Many");
        for (int i = 0; i < 250; i++) {
            assertThat(api.post("/v5/tools/log", """
                    {"path":"%s","inputs":{"i":%d},"trace_parent_id":"%s","start_time":%s}
                    """.formatted(path("ManyTool"), i, root, at(i))).status()).isEqualTo(200);
        }
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, root)).as("the root was snapshotted").isPositive();
        JsonNode tree = get(root);
        assertThat(tree.get("trace_children").size()).isEqualTo(250);
        assertThat(tree.get("trace_children").get(249).get("inputs").get("i").asInt()).isEqualTo(249);
        // the snapshot restores a complete root too: it refuses after completion
        ok(api.patch("/v5/flows/logs/" + root, "{\"output\":\"x\",\"log_status\":\"complete\"}"));
        assertThat(tool(root, 1, 2).status()).isEqualTo(409);
    }

    @Test
    void aTenLevelDeepTraceReadsBackAsTheSameTree() {
        String root = root("Deep");
        String parent = root;
        List<String> chain = new ArrayList<>();
        for (int level = 1; level <= 10; level++) {
            String flow = level % 2 == 0 ? nestedFlow(parent, level)
                    : ok(prompt(parent, level, level + 1)).get("id").stringValue();
            ok(tool(flow, level, level + 1));
            chain.add(flow);
            parent = flow;
        }
        JsonNode node = get(root);
        for (int level = 1; level <= 10; level++) {
            JsonNode children = node.get("trace_children");
            assertThat(children.size()).as("level %d", level).isEqualTo(level == 1 ? 1 : 2);
            node = children.get(children.size() - 1).get("id").stringValue().equals(chain.get(level - 1))
                    ? children.get(children.size() - 1) : children.get(0);
            assertThat(node.get("id").stringValue()).isEqualTo(chain.get(level - 1));
            assertThat(node.get("trace_id").stringValue()).isEqualTo(root);
        }
        assertThat(node.get("trace_children").size()).as("the deepest log has its tool").isEqualTo(1);
        assertThat(get(root).get("end_time").stringValue()).isEqualTo(T0.plusSeconds(11).toString());
    }

    @Autowired
    LogsRebuild rebuilds;

    @Test
    void replayingTheProjectionReproducesEveryLogByteForByte() throws Exception {
        String root = root("Replay");
        String nested = nestedFlow(root, 4);
        String child = ok(prompt(nested, -5, 20)).get("id").stringValue();
        ok(api.patch("/v5/flows/logs/" + nested, "{\"output\":\"done\",\"log_status\":\"complete\"}"));
        List<String> ids = List.of(root, nested, child);
        List<String> before = new ArrayList<>();
        for (String id : ids) {
            before.add(api.get("/v5/logs/" + id).body());
        }

        try (var rebuild = rebuilds.start()) {
            long head = rebuilds.head();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (!rebuild.caughtUp(head)) {
                assertThat(System.nanoTime()).as("rebuild finished in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(api.get("/v5/logs/" + ids.get(i)).body()).isEqualTo(before.get(i));
        }
    }
}
