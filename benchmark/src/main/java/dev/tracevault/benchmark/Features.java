package dev.tracevault.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the running server supports, found out at run time: a route that answers 404 or 405 is
 * "not available" and its figures are reported as n/a. Extension points: judgments
 * ({@code POST /v5/evaluators/log}) and listing ({@code GET /v5/logs?file_id=}) are probed and
 * reported already; a scenario that uses them checks these flags the same way children do.
 */
record Features(boolean promptLogs, boolean toolLogs, boolean traceChildren, boolean judgments, boolean listing,
                Map<String, String> notes) {

    boolean children() {
        return promptLogs || toolLogs;
    }

    static Features probe(Api api, Workload workload) {
        Map<String, String> notes = new LinkedHashMap<>();
        Api.Response root = api.post("/v5/flows/log", workload.createFlowBody(0));
        if (!root.ok()) {
            throw new IllegalStateException("POST /v5/flows/log failed: " + root.status() + " " + root.body());
        }
        String rootId = Json.field(root.body(), "id");
        String flowId = Json.field(root.body(), "flow_id");

        Api.Response prompt = api.post("/v5/prompts/log", workload.promptBody(rootId, 0));
        boolean prompts = judge("POST /v5/prompts/log", prompt, notes);
        Api.Response tool = api.post("/v5/tools/log", workload.toolBody(rootId, 0));
        boolean tools = judge("POST /v5/tools/log", tool, notes);

        boolean tree = false;
        if (prompts || tools) {
            Api.Response read = api.get("/v5/logs/" + rootId);
            int expected = (prompts ? 1 : 0) + (tools ? 1 : 0);
            int found = read.ok() ? Json.arraySize(read.body(), "trace_children") : -1;
            tree = found >= expected;
            notes.put("GET /v5/logs/{root} trace_children", tree ? "yes" : "no (found " + found + " of " + expected + ")");
        } else {
            notes.put("GET /v5/logs/{root} trace_children", "n/a (no child endpoints)");
        }

        Api.Response judgment = api.post("/v5/evaluators/log", """
                {"parent_id":"%s","path":"bench/Judge","judgment":true,\
                "spec":{"arguments_type":"target_free","return_type":"boolean","evaluator_type":"external"}}"""
                .formatted(rootId));
        boolean judgments = judge("POST /v5/evaluators/log", judgment, notes);
        Api.Response list = api.get("/v5/logs?file_id=" + flowId + "&size=1");
        boolean listing = judge("GET /v5/logs?file_id=", list, notes);

        Api.Response done = api.patch("/v5/flows/logs/" + rootId, workload.completeBody(0));
        if (!done.ok()) {
            notes.put("probe completion", done.status() + " " + Json.clip(done.body()));
        }
        return new Features(prompts, tools, tree, judgments, listing, notes);
    }

    private static boolean judge(String route, Api.Response response, Map<String, String> notes) {
        if (response.ok()) {
            notes.put(route, "yes");
            return true;
        }
        if (response.status() == 404 || response.status() == 405) {
            notes.put(route, "no (" + response.status() + ")");
        } else {
            notes.put(route, "no: answered " + response.status() + " " + Json.clip(response.body()));
        }
        return false;
    }
}
