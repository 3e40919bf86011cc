package dev.tracevault.benchmark;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The realistic workload, one trace at a time, as an instrumented LLM application produces it:
 * open a Flow Log (incomplete), log {@code children} Prompt and Tool Logs into it (when the
 * server has those endpoints), PATCH it {@code patches} times as the flow progresses, and
 * complete it with a last PATCH. Every Flow Log goes to the same Flow, as an application's does.
 *
 * <p>Extension point: a later step (a judgment via {@code POST /v5/evaluators/log}, a listing via
 * {@code GET /v5/logs}) goes into {@link #run} behind its {@link Features} flag, with its own
 * {@link Stats.Op}.
 */
final class Workload {

    static final String FLOW_PATH = "bench/Flow";
    private static final String QUESTION = "What were the three most common failure modes in last week's support tickets, "
            + "and which of them are caused by the retrieval step rather than by the model? Answer briefly.";
    private static final String ANSWER = "1. Stale documents returned by retrieval (retrieval). 2. Answers that ignore the "
            + "customer's plan (model). 3. Timeouts calling the billing tool (tooling). Retrieval causes the first one.";

    private final int children;
    private final int patches;
    private final Features features;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<String> lastWritten;

    Workload(int children, int patches, Features features, AtomicReference<String> lastWritten) {
        this.children = children;
        this.patches = patches;
        this.features = features;
        this.lastWritten = lastWritten;
    }

    Workload withFeatures(Features detected) {
        return new Workload(children, patches, detected, lastWritten);
    }

    AtomicReference<String> lastWritten() {
        return lastWritten;
    }

    int patchesPerTrace() {
        return patches + 1;
    }

    int childrenPerTrace() {
        return features != null && features.children() ? children : 0;
    }

    /**
     * Runs one trace. The first request's latency counts from {@code intendedStart}; each later
     * one from the end of the previous request, since the application sends it right away.
     * {@code stop} is checked before every request.
     */
    void run(Api api, Stats stats, long intendedStart, BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            return;
        }
        long n = sequence.incrementAndGet();
        Api.Response created = api.post("/v5/flows/log", createFlowBody(n));
        stats.record(Stats.Op.CREATE_FLOW_LOG, created, intendedStart);
        if (!created.ok()) {
            return;
        }
        String id = Json.field(created.body(), "id");
        lastWritten.set(id);
        long next = created.endNanos();
        for (int c = 0; c < childrenPerTrace(); c++) {
            if (stop.getAsBoolean()) {
                return;
            }
            boolean prompt = features.promptLogs() && (c % 2 == 0 || !features.toolLogs());
            Api.Response child = prompt
                    ? api.post("/v5/prompts/log", promptBody(id, n))
                    : api.post("/v5/tools/log", toolBody(id, n));
            stats.record(prompt ? Stats.Op.CREATE_PROMPT_LOG : Stats.Op.CREATE_TOOL_LOG, child, next);
            next = child.endNanos();
        }
        String path = "/v5/flows/logs/" + id;
        for (int p = 0; p < patches; p++) {
            if (stop.getAsBoolean()) {
                return;
            }
            Api.Response patched = api.patch(path, patchBody(p, n));
            stats.record(Stats.Op.PATCH, patched, next);
            next = patched.endNanos();
        }
        if (stop.getAsBoolean()) {
            return;
        }
        Api.Response completed = api.patch(path, completeBody(n));
        stats.record(Stats.Op.COMPLETE, completed, next);
    }

    String createFlowBody(long n) {
        return "{\"path\":\"" + FLOW_PATH + "\",\"flow\":{\"attributes\":{\"v\":1,\"pipeline\":\"rag\"}},"
                + "\"inputs\":{\"question\":\"" + QUESTION + "\",\"customer\":\"c-" + (n % 1000) + "\"},"
                + "\"log_status\":\"incomplete\"}";
    }

    String promptBody(String parentId, long n) {
        return "{\"path\":\"bench/Answer Prompt\","
                + "\"prompt\":{\"model\":\"gpt-4o\",\"temperature\":0.2,"
                + "\"template\":[{\"role\":\"system\",\"content\":\"Answer {{question}} from the context.\"}]},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}],"
                + "\"output_message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},"
                + "\"output\":\"" + ANSWER + "\",\"inputs\":{\"question\":\"" + QUESTION + "\"},"
                + "\"prompt_tokens\":412,\"output_tokens\":57,\"trace_parent_id\":" + Json.quote(parentId) + "}";
    }

    String toolBody(String parentId, long n) {
        return "{\"path\":\"bench/Retriever\","
                + "\"tool\":{\"function\":{\"name\":\"search_tickets\",\"description\":\"Full-text search over tickets\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}}},"
                + "\"inputs\":{\"query\":\"failure modes week " + (n % 52) + "\"},"
                + "\"output\":\"[{\\\"ticket\\\":\\\"T-" + n + "\\\",\\\"score\\\":0.91}]\","
                + "\"trace_parent_id\":" + Json.quote(parentId) + "}";
    }

    /** The flow's progress: messages first, then growing partial outputs. */
    String patchBody(int p, long n) {
        if (p % 2 == 0) {
            return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"},"
                    + "{\"role\":\"assistant\",\"content\":\"step " + p + " of trace " + n + "\"}]}";
        }
        return "{\"output\":\"partial " + p + ": " + ANSWER.substring(0, Math.min(ANSWER.length(), 40 + 20 * p)) + "\"}";
    }

    String completeBody(long n) {
        return "{\"output\":\"" + ANSWER + " (trace " + n + ")\",\"log_status\":\"complete\"}";
    }
}
