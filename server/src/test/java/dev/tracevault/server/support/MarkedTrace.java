package dev.tracevault.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A trace in which every content field of every kind of log holds a marker of its own: a Flow Log
 * root (created with inputs, messages, output message, error, user, metadata, provider request and
 * response, stdout; then PATCHed: output, error, metadata), a Prompt Log and a Tool Log below it, a
 * posted text judgment of the Prompt Log (judgment and output), and a second judgment of the root.
 * Markers are {@code <prefix>-<field>-<where>-<run>}, letters, digits and dashes only, so they are
 * stored as written. Two traces with different prefixes let a test erase one and find the other.
 */
public final class MarkedTrace {

    public final String rootId;
    public final List<String> logIds = new ArrayList<>();
    /** Every marker, by what it marks ("prompt.output", ...). */
    public final Map<String, String> markers = new LinkedHashMap<>();
    /** What a later PATCH replaced: in the events (sealed), no longer in the read model. */
    public static final java.util.Set<String> REPLACED = java.util.Set.of("flow.error", "tool.stdout", "tool.metadata");

    private final Api api;
    private final String prefix;
    private final String run;

    private MarkedTrace(Api api, String prefix, String run) {
        this.api = api;
        this.prefix = prefix;
        this.run = run;
        this.rootId = prefix.toLowerCase() + "-root-" + run;
    }

    public static MarkedTrace write(Api api, String prefix, String run) {
        var trace = new MarkedTrace(api, prefix, run);
        trace.write();
        return trace;
    }

    private String m(String where) {
        String marker = prefix + "-" + where.replace('.', '-').replace('_', '-') + "-" + run;
        markers.put(where, marker);
        return marker;
    }

    private void write() {
        String path = "marked/" + run + "/" + prefix;
        ok(api.post("/v5/flows/log", """
                {"path":"%s/Flow","log_id":"%s","log_status":"incomplete",
                 "inputs":{"q":"%s"},"messages":[{"role":"user","content":"%s"}],
                 "output_message":{"role":"assistant","content":[{"type":"text","text":"%s"}]},
                 "error":"%s","user":"%s","metadata":{"owner":"%s"},
                 "provider_request":{"body":"%s"},"provider_response":{"body":"%s"},"stdout":"%s"}"""
                .formatted(path, rootId, m("flow.inputs"), m("flow.messages"), m("flow.output_message"),
                        m("flow.error"), m("flow.user"), m("flow.metadata"), m("flow.provider_request"),
                        m("flow.provider_response"), m("flow.stdout"))));
        logIds.add(rootId);
        String prompt = ok(api.post("/v5/prompts/log", """
                {"path":"%s/Prompt","prompt":{"model":"m"},"trace_parent_id":"%s",
                 "inputs":{"%s":1},"messages":[{"role":"user","content":"%s","name":"%s"}],
                 "output":"%s","output_message":{"role":"assistant","content":"%s","tool_calls":[{"id":"c1",
                 "type":"function","function":{"name":"f","arguments":"%s"}}]},
                 "error":"%s","user":"%s","metadata":{"%s":true},"provider_request":{"p":"%s"},
                 "provider_response":{"r":["%s"]},"stdout":"%s","prompt_tokens":3}"""
                .formatted(path, rootId, m("prompt.inputs_key"), m("prompt.messages"), m("prompt.message_name"),
                        m("prompt.output"), m("prompt.output_message"), m("prompt.tool_arguments"), m("prompt.error"),
                        m("prompt.user"), m("prompt.metadata_key"), m("prompt.provider_request"),
                        m("prompt.provider_response"), m("prompt.stdout")))).get("id").stringValue();
        logIds.add(prompt);
        String tool = ok(api.post("/v5/tools/log", """
                {"path":"%s/Tool","tool":{"function":{"name":"calc","description":"adds"}},"trace_parent_id":"%s",
                 "inputs":{"a":"%s"},"output":"%s","error":"%s","user":"%s","metadata":{"m":"%s"},"stdout":"%s"}"""
                .formatted(path, rootId, m("tool.inputs"), m("tool.output"), m("tool.error"), m("tool.user"),
                        m("tool.metadata"), m("tool.stdout")))).get("id").stringValue();
        logIds.add(tool);
        String judgment = ok(api.post("/v5/evaluators/log", """
                {"parent_id":"%s","path":"%s/Note","spec":{"arguments_type":"target_free","return_type":"text",
                 "evaluator_type":"human"},"judgment":"%s","output":"%s","metadata":{"k":"%s"}}"""
                .formatted(prompt, path, m("judgment.judgment"), m("judgment.output"), m("judgment.metadata"))))
                .get("id").stringValue();
        logIds.add(judgment);
        String rootJudgment = ok(api.post("/v5/evaluators/log", """
                {"parent_id":"%s","path":"%s/Note","judgment":"%s","error":"%s"}"""
                .formatted(rootId, path, m("root_judgment.judgment"), m("root_judgment.error")))).get("id").stringValue();
        logIds.add(rootJudgment);
        ok(api.patch("/v5/flows/logs/" + rootId, """
                {"output":"%s","error":"%s","log_status":"complete"}"""
                .formatted(m("flow.patched_output"), m("flow.patched_error"))));
        ok(api.patch("/v5/tools/" + "%s/log/%s".formatted(toolFileOf(tool), tool), """
                {"metadata":{"later":"%s"},"stdout":"%s","provider_request":{"x":"%s"}}"""
                .formatted(m("tool.patched_metadata"), m("tool.patched_stdout"), m("tool.patched_provider_request"))));
    }

    private String toolFileOf(String toolLogId) {
        return ok(api.get("/v5/logs/" + toolLogId)).get("tool").get("id").stringValue();
    }

    /** The markers the log shows now (not {@link #REPLACED}): the read model holds them in the clear. */
    public Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>(markers);
        shown.keySet().removeAll(REPLACED);
        return shown;
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
