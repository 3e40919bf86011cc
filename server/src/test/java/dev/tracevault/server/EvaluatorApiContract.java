package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.StandInProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The evaluator contract over HTTP (spec §3.7, §3.14, §3.15, §4.4–§4.7): evaluator files and their
 * specs, monitoring, posted judgments, and monitoring evaluators really run (python in the
 * sandbox, llm against a local stand-in provider) when logs complete, once per completion.
 */
abstract class EvaluatorApiContract extends EvaluatorApiContractSupport {

    static final StandInProvider PROVIDER = new StandInProvider();

    static final String PYTHON_LONGER_THAN_3 = """
            {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
             "code":"def evaluate(log):\\n    return len(log['output']) > 3"}""";

    static final String LLM_SAYS_HELLO = """
            {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"llm",
             "prompt":{"model":"gpt-4o","template":"Does this greet? {{log.output}}","temperature":0}}""";

    // ---- evaluator files ------------------------------------------------------------------

    @Test
    void anEvaluatorIsVersionedByItsSpec() {
        JsonNode first = upsert("e/" + run + "/Eval", PYTHON_LONGER_THAN_3);
        assertThat(first.get("type").stringValue()).isEqualTo("evaluator");
        assertThat(first.get("spec").get("code").stringValue()).contains("def evaluate");
        assertThat(first.get("inputs").isArray()).isTrue();
        assertThat(first.get("total_logs_count").asLong()).isZero();
        JsonNode again = upsert("e/" + run + "/Eval", PYTHON_LONGER_THAN_3);
        assertThat(again.get("version_id")).isEqualTo(first.get("version_id"));
        JsonNode changed = upsert("e/" + run + "/Eval", PYTHON_LONGER_THAN_3.replace("> 3", "> 4"));
        assertThat(changed.get("id")).isEqualTo(first.get("id"));
        assertThat(changed.get("version_id")).isNotEqualTo(first.get("version_id"));

        var byId = api.get("/v5/evaluators/" + first.get("id").stringValue());
        assertThat(byId.json().get("version_id")).isEqualTo(changed.get("version_id"));
        var older = api.get("/v5/evaluators/" + first.get("id").stringValue() + "?version_id="
                + first.get("version_id").stringValue());
        assertThat(older.json().get("spec").get("code").stringValue()).contains("> 3");
        var listed = api.get("/v5/evaluators?name=" + "Eval&size=100");
        assertThat(listed.json().get("records").valueStream().map(r -> r.get("id"))).contains(first.get("id"));
        assertThat(api.get("/v5/evaluators/ev_nope").status()).isEqualTo(404);
    }

    @Test
    void badSpecsAreRefusedAndStoreNothing() {
        long before = allEvents();
        assertRefused(null, "spec");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"select","evaluator_type":"human"}""", "options");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"external",
                 "number_limits":{"min":0}}""", "number_limits");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"number","evaluator_type":"external",
                 "number_limits":{"min":2,"max":1}}""", "number_limits");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
                 "code":"x = 1"}""", "code");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"robot"}""",
                "evaluator_type");
        assertRefused("""
                {"arguments_type":"sometimes","return_type":"boolean","evaluator_type":"external"}""",
                "arguments_type");
        assertRefused("""
                {"arguments_type":"target_free","return_type":"multi_select","evaluator_type":"human",
                 "options":[{"name":"a"},{"name":"a"}]}""", "name");
        assertThat(allEvents()).isEqualTo(before);
    }

    private void assertRefused(String spec, String field) {
        var response = api.post("/v5/evaluators", "{\"path\":\"e/" + run + "/Bad\""
                + (spec == null ? "" : ",\"spec\":" + spec) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains(field);
    }

    // ---- monitoring -----------------------------------------------------------------------

    @Test
    void monitorsAreActivatedAndDeactivatedOnAFile() {
        String evaluatorVersion = upsert("e/" + run + "/Mon", PYTHON_LONGER_THAN_3).get("version_id").stringValue();
        String flowId = openFlow("m/" + run + "/Flow", "mon-" + run).get("flow_id").stringValue();
        var on = api.post("/v5/flows/" + flowId + "/evaluators",
                "{\"activate\":[{\"evaluator_version_id\":\"" + evaluatorVersion + "\"}]}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        JsonNode monitor = on.json().get("evaluators").get(0);
        assertThat(monitor.get("state").stringValue()).isEqualTo("active");
        assertThat(monitor.get("version_reference").get("type").stringValue()).isEqualTo("version");
        assertThat(monitor.get("version_reference").get("version").get("version_id").stringValue())
                .isEqualTo(evaluatorVersion);
        assertThat(api.get("/v5/flows/" + flowId).json().get("evaluators").get(0).get("state").stringValue())
                .isEqualTo("active");

        long before = allEvents();
        var twice = api.post("/v5/flows/" + flowId + "/evaluators",
                "{\"activate\":[{\"evaluator_version_id\":\"" + evaluatorVersion + "\"}]}");
        assertThat(twice.json().get("evaluators").size()).isEqualTo(1);
        assertThat(allEvents()).as("activating an active monitor records nothing").isEqualTo(before);

        var off = api.post("/v5/flows/" + flowId + "/evaluators",
                "{\"deactivate\":[{\"evaluator_version_id\":\"" + evaluatorVersion + "\"}]}");
        assertThat(off.json().get("evaluators").get(0).get("state").stringValue()).isEqualTo("inactive");
    }

    @Test
    void monitoringRefusesWhatDoesNotExist() {
        String flowId = openFlow("m/" + run + "/Nope", "nope-" + run).get("flow_id").stringValue();
        long before = allEvents();
        var unknownVersion = api.post("/v5/flows/" + flowId + "/evaluators",
                "{\"activate\":[{\"evaluator_version_id\":\"evv_nope\"}]}");
        assertThat(unknownVersion.status()).isEqualTo(422);
        assertThat(unknownVersion.body()).contains("evaluator_version_id");
        var half = api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":[{\"evaluator_id\":\"ev_1\"}]}");
        assertThat(half.status()).isEqualTo(422);
        var notAList = api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":{}}");
        assertThat(notAList.status()).isEqualTo(422);
        assertThat(api.post("/v5/flows/fl_nope/evaluators", "{\"activate\":[]}").status()).isEqualTo(404);
        assertThat(api.post("/v5/prompts/" + flowId + "/evaluators", "{\"activate\":[]}").status())
                .as("a Flow is not a Prompt").isEqualTo(404);
        assertThat(allEvents()).isEqualTo(before);
    }

    // ---- posted judgments -----------------------------------------------------------------

    @Test
    void postedJudgmentsAreKeptInOrderAndCheckedAgainstTheReturnType() {
        String parent = openFlow("j/" + run + "/Flow", "judged-" + run).get("id").stringValue();
        String spec = """
                {"arguments_type":"target_free","return_type":"select","evaluator_type":"external",
                 "options":[{"name":"good","valence":"positive"},{"name":"bad","valence":"negative"}]}""";
        var good = api.post("/v5/evaluators/log", "{\"parent_id\":\"" + parent + "\",\"path\":\"j/" + run
                + "/Rating\",\"spec\":" + spec + ",\"judgment\":\"good\"}");
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().get("parent_id").stringValue()).isEqualTo(parent);
        String versionId = good.json().get("version_id").stringValue();

        long before = allEvents();
        var wrong = api.post("/v5/evaluators/log?version_id=" + versionId,
                "{\"parent_id\":\"" + parent + "\",\"judgment\":\"great\"}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.body()).contains("judgment");
        var notAJudgment = api.post("/v5/evaluators/log?version_id=" + versionId,
                "{\"parent_id\":\"" + parent + "\",\"judgment\":{\"a\":1}}");
        assertThat(notAJudgment.status()).isEqualTo(422);
        var noParent = api.post("/v5/evaluators/log?version_id=" + versionId, "{\"judgment\":\"good\"}");
        assertThat(noParent.status()).isEqualTo(422);
        var unknownParent = api.post("/v5/evaluators/log?version_id=" + versionId,
                "{\"parent_id\":\"log_nope\",\"judgment\":\"good\"}");
        assertThat(unknownParent.status()).isEqualTo(404);
        assertThat(allEvents()).as("refused judgments store nothing").isEqualTo(before);

        var withdrawn = api.post("/v5/evaluators/log?version_id=" + versionId,
                "{\"parent_id\":\"" + parent + "\",\"judgment\":null,\"marked_completed\":true}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);

        JsonNode judgments = api.get("/v5/logs/" + parent).json().get("evaluator_logs");
        assertThat(judgments.size()).isEqualTo(2);
        assertThat(judgments.get(0).get("judgment").stringValue()).isEqualTo("good");
        assertThat(judgments.get(0).get("evaluator").get("spec").get("evaluator_type").stringValue())
                .isEqualTo("external");
        assertThat(judgments.get(1).get("judgment").isNull()).isTrue();
        assertThat(judgments.get(1).get("marked_completed").asBoolean()).isTrue();
        var alone = api.get("/v5/logs/" + good.json().get("id").stringValue());
        assertThat(alone.json().get("parent_id").stringValue()).isEqualTo(parent);
        assertThat(alone.json().get("evaluator").get("version_id").stringValue()).isEqualTo(versionId);
    }

    // ---- monitoring evaluators run ------------------------------------------------------------

    @Test
    void anLlmEvaluatorJudgesACompletedFlowLogThroughTheProvider() {
        String versionId = upsert("r/" + run + "/Greets", LLM_SAYS_HELLO).get("version_id").stringValue();
        JsonNode flow = openFlow("r/" + run + "/Flow", "llm-" + run);
        monitor("flows", flow.get("flow_id").stringValue(), versionId);
        String logId = flow.get("id").stringValue();
        var completed = api.patch("/v5/flows/logs/" + logId, "{\"output\":\"hello there\",\"log_status\":\"complete\"}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);

        JsonNode judgment = awaitJudgments(logId, 1).get(0);
        assertThat(judgment.get("judgment").asBoolean()).as(judgment.toString()).isTrue();
        assertThat(judgment.get("error").isNull()).isTrue();
        assertThat(judgment.get("parent_id").stringValue()).isEqualTo(logId);
        assertThat(judgment.get("output").stringValue()).isEqualTo("yes");
        assertThat(judgment.get("provider_request").get("messages").toString()).contains("hello there");
        assertThat(judgment.get("evaluator").get("version_id").stringValue()).isEqualTo(versionId);
        assertThat(PROVIDER.requests()).anySatisfy(r -> assertThat(r.toString()).contains("hello there"));
    }

    @Test
    void aPythonEvaluatorJudgesPromptLogsAndPatchesAreJudgedAgain() {
        String versionId = upsert("p/" + run + "/Long", PYTHON_LONGER_THAN_3).get("version_id").stringValue();
        var created = api.post("/v5/prompts/log", "{\"path\":\"p/" + run + "/Prompt\",\"prompt\":{\"model\":\"m\"},"
                + "\"output\":\"hi\",\"log_status\":\"incomplete\"}");
        String promptId = created.json().get("prompt_id").stringValue();
        monitor("prompts", promptId, versionId);
        var judged = api.post("/v5/prompts/log", "{\"id\":\"" + promptId + "\",\"output\":\"hello\"}");
        String logId = judged.json().get("id").stringValue();
        JsonNode first = awaitJudgments(logId, 1).get(0);
        assertThat(first.get("judgment").asBoolean()).as(first.toString()).isTrue();

        var patched = api.patch("/v5/prompts/" + promptId + "/log/" + logId, "{\"output\":\"no\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode both = awaitJudgments(logId, 2);
        assertThat(both.get(0).get("judgment").asBoolean()).as("the earlier judgment is kept").isTrue();
        assertThat(both.get(1).get("judgment").asBoolean()).isFalse();
        assertThat(both.get(1).get("judged_sequence").asLong()).isGreaterThan(both.get(0).get("judged_sequence")
                .asLong());

        String incompleteLog = created.json().get("id").stringValue();
        assertThat(api.get("/v5/logs/" + incompleteLog).json().get("evaluator_logs").size())
                .as("an incomplete log written before the monitor was not judged").isZero();
    }

    @Test
    void aFlowEvaluatorSeesTheTraceAsChildren() {
        String versionId = upsert("t/" + run + "/Children", """
                {"arguments_type":"target_free","return_type":"number","evaluator_type":"python",
                 "code":"def evaluate(log):\\n    return len(log['children'])"}""").get("version_id").stringValue();
        JsonNode flow = openFlow("t/" + run + "/Flow", "children-" + run);
        monitor("flows", flow.get("flow_id").stringValue(), versionId);
        String logId = flow.get("id").stringValue();
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/v5/tools/log", "{\"path\":\"t/" + run + "/Tool\",\"output\":\"x\","
                    + "\"trace_parent_id\":\"" + logId + "\"}").status()).isEqualTo(200);
        }
        api.patch("/v5/flows/logs/" + logId, "{\"output\":\"done\",\"log_status\":\"complete\"}");
        JsonNode judgment = awaitJudgments(logId, 1).get(0);
        assertThat(judgment.get("judgment").asInt()).as(judgment.toString()).isEqualTo(2);
    }

    @Test
    void failingEvaluatorsEndAsErrors() {
        String raises = upsert("f/" + run + "/Raises", """
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
                 "code":"def evaluate(log):\\n    raise ValueError('no judgment today')"}""")
                .get("version_id").stringValue();
        String wrongType = upsert("f/" + run + "/Wrong", """
                {"arguments_type":"target_free","return_type":"boolean","evaluator_type":"python",
                 "code":"def evaluate(log):\\n    return 'yes'"}""").get("version_id").stringValue();
        JsonNode flow = openFlow("f/" + run + "/Flow", "fails-" + run);
        monitor("flows", flow.get("flow_id").stringValue(), raises, wrongType);
        String logId = flow.get("id").stringValue();
        api.patch("/v5/flows/logs/" + logId, "{\"output\":\"done\",\"log_status\":\"complete\"}");
        JsonNode judgments = awaitJudgments(logId, 2);
        List<String> errors = new ArrayList<>();
        judgments.forEach(j -> {
            assertThat(j.get("judgment").isNull()).as(j.toString()).isTrue();
            errors.add(j.get("error").stringValue());
        });
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("ValueError").contains("no judgment today"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("boolean"));
    }

    @Test
    void aLogWithoutMonitorsStartsNoEvaluation() {
        JsonNode flow = openFlow("n/" + run + "/Flow", "none-" + run);
        String logId = flow.get("id").stringValue();
        api.patch("/v5/flows/logs/" + logId, "{\"output\":\"done\",\"log_status\":\"complete\"}");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%EvaluationRequested'", Long.class, logId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from evaluation_job where log_id = ?", Long.class, logId))
                .isZero();
    }

    @Test
    void everyEvaluatorRunsOncePerCompletion() throws InterruptedException {
        String py = upsert("o/" + run + "/Py", PYTHON_LONGER_THAN_3).get("version_id").stringValue();
        String llm = upsert("o/" + run + "/Llm", LLM_SAYS_HELLO).get("version_id").stringValue();
        JsonNode flow = openFlow("o/" + run + "/Flow", "once-" + run);
        monitor("flows", flow.get("flow_id").stringValue(), py, llm);
        String logId = flow.get("id").stringValue();
        api.patch("/v5/flows/logs/" + logId, "{\"output\":\"hello\",\"log_status\":\"complete\"}");
        awaitJudgments(logId, 2);
        Thread.sleep(2000);
        assertThat(api.get("/v5/logs/" + logId).json().get("evaluator_logs").size()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from evaluation_job where log_id = ?", Long.class, logId))
                .as("no run is left behind").isZero();
    }
}
