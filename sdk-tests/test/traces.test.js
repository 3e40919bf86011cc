// Traces through the official SDK: Flow, Prompt and Tool Logs linked by traceParentId, read back as a
// tree with logs.get, and the Prompt/Tool update endpoints whose responses the SDK parses strictly.
// Spec: humanloop-v5-logs.md 1.5-1.8, 2.5, 2.6, 3.3-3.6, 3.8, 4.1-4.3, 4.10, 4.11.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
    makeClient,
    T,
    RUN,
    uid,
    flowPath,
    ms,
    expectHlError,
    expectRuntimeError,
    UnprocessableEntityError,
} from "../lib/helpers.js";

const hl = makeClient();

/** Unique Prompt / Tool paths inside the sdk-tests directory. */
const promptPath = (name) => `sdk-tests/${RUN}/${name} ${uid("p")}`;
const toolPath = (name) => `sdk-tests/${RUN}/${name} ${uid("t")}`;

/** A fixed instant two minutes in the past, on a whole second, plus `seconds`. */
const BASE = Math.floor((Date.now() - 120_000) / 1000) * 1000;
const at = (t0, seconds) => new Date(t0 + seconds * 1000);

const PROMPT_KERNEL = {
    model: "gpt-4o-mini",
    endpoint: "chat",
    provider: "openai",
    temperature: 0.2,
    maxTokens: 256,
    template: [
        { role: "system", content: "You are a calculator." },
        { role: "user", content: "{{question}}" },
    ],
};

const TOOL_KERNEL = {
    function: {
        name: "calculator",
        description: "Evaluates an arithmetic expression",
        parameters: {
            type: "object",
            properties: { expression: { type: "string" } },
            required: ["expression"],
        },
    },
};

const PROMPT_MESSAGES = [
    { role: "system", content: "You are a calculator." },
    { role: "user", content: "What is 2+2?" },
];
const OUTPUT_MESSAGE = { role: "assistant", content: "4" };

/** Which kind a parsed LogResponse is: exactly one of the file keys must carry an object (spec 2.6). */
function kindOf(log) {
    const kinds = ["prompt", "tool", "evaluator", "flow"].filter(
        (k) => k in log && log[k] !== null && typeof log[k] === "object",
    );
    assert.equal(kinds.length, 1, `a log must carry exactly one file object, got [${kinds}] in ${JSON.stringify(log)}`);
    return kinds[0];
}

/**
 * A trace child that failed every LogResponse variant is passed through raw, with snake_case keys,
 * inside lenient responses (spec 1.8 item 3). A camelCased child proves it validated.
 */
function assertParsedLog(log, where) {
    assert.ok(!("evaluator_logs" in log) && !("trace_id" in log), `${where} was not parsed (snake_case keys): ${JSON.stringify(log)}`);
    assert.deepEqual(log.evaluatorLogs, [], `${where}: evaluatorLogs must be []`);
}

/** Assert a PromptResponse nested in a log passed strict parsing and is consistent (spec 2.5). */
function assertPromptFile(prompt, { path, id, versionId, model }) {
    assert.ok(prompt && typeof prompt === "object", "prompt object missing");
    assert.equal(prompt.path, path);
    assert.equal(prompt.id, id);
    assert.equal(prompt.versionId, versionId);
    assert.equal(prompt.model, model);
    assert.equal(prompt.name, path.split("/").pop(), "name is the last path segment");
    assert.equal(prompt.type, "prompt");
    assert.equal(typeof prompt.versionLogsCount, "number");
    assert.equal(typeof prompt.totalLogsCount, "number");
    assert.ok(Array.isArray(prompt.inputs), `prompt.inputs must be an array, got ${JSON.stringify(prompt.inputs)}`);
    for (const input of prompt.inputs) assert.equal(typeof input.name, "string");
    ms(prompt.createdAt);
    ms(prompt.updatedAt);
    ms(prompt.lastUsedAt);
}

/** Assert a ToolResponse nested in a log passed strict parsing and is consistent (spec 2.5). */
function assertToolFile(tool, { path, id, versionId, fn }) {
    assert.ok(tool && typeof tool === "object", "tool object missing");
    assert.equal(tool.path, path);
    assert.equal(tool.id, id);
    assert.equal(tool.versionId, versionId);
    assert.equal(tool.name, path.split("/").pop(), "name is the last path segment");
    assert.equal(tool.type, "tool");
    assert.deepEqual(tool.function, fn);
    assert.equal(typeof tool.versionLogsCount, "number");
    assert.equal(typeof tool.totalLogsCount, "number");
    assert.ok(Array.isArray(tool.inputs), `tool.inputs must be an array, got ${JSON.stringify(tool.inputs)}`);
    ms(tool.createdAt);
    ms(tool.updatedAt);
    ms(tool.lastUsedAt);
}

/** Opens an incomplete root Flow Log. */
async function openRoot(extra = {}) {
    const path = flowPath("Trace Root");
    const created = await hl.flows.log({
        path,
        flow: { attributes: { trace: "root" } },
        inputs: { question: "What is 2+2?" },
        logStatus: "incomplete",
        ...extra,
    });
    assert.equal(created.logStatus, "incomplete");
    return { path, created };
}

/** A one-shot Prompt Log (no logStatus), optionally inside a trace. */
async function logPrompt(extra = {}) {
    const path = extra.path ?? promptPath("Trace Prompt");
    const created = await hl.prompts.log({
        path,
        prompt: PROMPT_KERNEL,
        messages: PROMPT_MESSAGES,
        inputs: { question: "What is 2+2?" },
        output: "4",
        ...extra,
    });
    return { path, created };
}

describe("a trace built with flows.log, prompts.log and tools.log", () => {
    test("logs.get returns the tree ordered by startTime; completing the root keeps it", T, async () => {
        const t0 = BASE;
        const { path: rootPath, created: root } = await openRoot({ startTime: at(t0, 0) });

        // Prompt child, logged first but starting after the Tool child.
        const promptP = promptPath("Trace Prompt");
        const prompt = await hl.prompts.log({
            path: promptP,
            prompt: PROMPT_KERNEL,
            traceParentId: root.id,
            startTime: at(t0, 2),
            endTime: at(t0, 3),
            messages: PROMPT_MESSAGES,
            outputMessage: OUTPUT_MESSAGE,
            output: "4",
            inputs: { question: "What is 2+2?" },
            promptTokens: 17,
            outputTokens: 3,
            promptCost: 0.0017,
            finishReason: "stop",
        });
        assert.equal(typeof prompt.id, "string");
        assert.ok(prompt.promptId && prompt.versionId, `CreatePromptLogResponse incomplete: ${JSON.stringify(prompt)}`);
        assert.notEqual(prompt.promptId, prompt.versionId);

        // Tool child.
        const toolP = toolPath("Trace Tool");
        const tool = await hl.tools.log({
            path: toolP,
            tool: TOOL_KERNEL,
            traceParentId: root.id,
            startTime: at(t0, 1),
            endTime: at(t0, 1.5),
            inputs: { expression: "2+2" },
            output: "4",
        });
        assert.equal(typeof tool.id, "string");
        assert.ok(tool.toolId && tool.versionId, `CreateToolLogResponse incomplete: ${JSON.stringify(tool)}`);

        // Nested Flow child with its own Prompt child.
        const nestedP = flowPath("Trace Nested");
        const nested = await hl.flows.log({
            path: nestedP,
            flow: { attributes: { trace: "nested" } },
            traceParentId: root.id,
            inputs: { step: "check" },
            logStatus: "incomplete",
            startTime: at(t0, 4),
        });
        assert.equal(nested.logStatus, "incomplete");
        const grandchild = await hl.prompts.log({
            path: promptP,
            prompt: PROMPT_KERNEL,
            traceParentId: nested.id,
            startTime: at(t0, 5),
            endTime: at(t0, 9),
            messages: PROMPT_MESSAGES,
            output: "yes",
            inputs: { question: "Is 4 right?" },
        });
        assert.equal(grandchild.promptId, prompt.promptId, "same path, same Prompt");
        assert.equal(grandchild.versionId, prompt.versionId, "identical kernel reuses the version (spec 3.3)");

        // --- read the tree (strict LogResponse parse, spec 1.8) ---
        const log = await hl.logs.get(root.id);
        assert.equal(kindOf(log), "flow");
        assert.equal(log.id, root.id);
        assert.equal(log.logStatus, "incomplete");
        assert.equal(log.traceId, root.id, "the root's traceId is its own id (spec 4.1)");
        assert.equal(log.traceFlowId, root.flowId);
        assert.ok(log.traceParentId == null, `the root has no parent, got ${log.traceParentId}`);
        assert.ok(ms(log.startTime) <= t0, `root startTime ${log.startTime} must be <= T0`);
        assert.equal(ms(log.startTime), t0, "the root already spans its children's starts: unchanged (spec 4.2)");
        assert.ok(ms(log.endTime) >= t0 + 9000, `root endTime ${log.endTime} must be widened to >= T0+9s (spec 4.3)`);

        assert.ok(Array.isArray(log.traceChildren), "traceChildren must be populated on GET /logs/{id} (spec 3.8)");
        assert.deepEqual(
            log.traceChildren.map((c) => c.id),
            [tool.id, prompt.id, nested.id],
            "direct children ordered by startTime: tool (T0+1s), prompt (T0+2s), nested flow (T0+4s)",
        );
        const [toolLog, promptLog, nestedLog] = log.traceChildren;

        for (const [child, parent] of [
            [toolLog, root.id],
            [promptLog, root.id],
            [nestedLog, root.id],
        ]) {
            assertParsedLog(child, `child ${child.id}`);
            assert.equal(child.traceId, root.id, `${child.id}: traceId is the root log id`);
            assert.equal(child.traceFlowId, root.flowId, `${child.id}: traceFlowId is the root's Flow id`);
            assert.equal(child.traceParentId, parent, `${child.id}: traceParentId`);
        }

        // Tool child.
        assert.equal(kindOf(toolLog), "tool");
        assert.ok("tool" in toolLog);
        assertToolFile(toolLog.tool, { path: toolP, id: tool.toolId, versionId: tool.versionId, fn: TOOL_KERNEL.function });
        assert.deepEqual(toolLog.inputs, { expression: "2+2" });
        assert.equal(toolLog.output, "4");
        assert.equal(ms(toolLog.startTime), t0 + 1000);
        assert.equal(ms(toolLog.endTime), t0 + 1500, "endTime round-trips to the millisecond");
        assert.deepEqual(toolLog.traceChildren ?? [], []);

        // Prompt child.
        assert.equal(kindOf(promptLog), "prompt");
        assert.ok("prompt" in promptLog);
        assertPromptFile(promptLog.prompt, {
            path: promptP,
            id: prompt.promptId,
            versionId: prompt.versionId,
            model: PROMPT_KERNEL.model,
        });
        assert.equal(promptLog.promptTokens, 17);
        assert.equal(promptLog.outputTokens, 3);
        assert.equal(promptLog.promptCost, 0.0017);
        assert.equal(promptLog.finishReason, "stop");
        assert.deepEqual(promptLog.outputMessage, OUTPUT_MESSAGE);
        assert.deepEqual(promptLog.messages, PROMPT_MESSAGES);
        assert.equal(promptLog.output, "4");
        assert.deepEqual(promptLog.inputs, { question: "What is 2+2?" });
        assert.equal(ms(promptLog.startTime), t0 + 2000);
        assert.equal(ms(promptLog.endTime), t0 + 3000);
        assert.deepEqual(promptLog.traceChildren ?? [], []);

        // Nested Flow child and its Prompt child.
        assert.equal(kindOf(nestedLog), "flow");
        assert.ok("flow" in nestedLog);
        assert.equal(nestedLog.flow.id, nested.flowId);
        assert.equal(nestedLog.flow.path, nestedP);
        assert.notEqual(nested.flowId, root.flowId);
        assert.equal(nestedLog.logStatus, "incomplete");
        assert.equal(ms(nestedLog.startTime), t0 + 4000);
        assert.ok(ms(nestedLog.endTime) >= t0 + 9000, `nested flow endTime ${nestedLog.endTime} must be widened`);
        assert.ok(Array.isArray(nestedLog.traceChildren), "nested flow carries its own traceChildren");
        assert.equal(nestedLog.traceChildren.length, 1);
        const grandLog = nestedLog.traceChildren[0];
        assertParsedLog(grandLog, "grandchild");
        assert.equal(kindOf(grandLog), "prompt");
        assert.equal(grandLog.id, grandchild.id);
        assert.equal(grandLog.traceParentId, nested.id, "the grandchild's parent is the nested Flow Log");
        assert.equal(grandLog.traceId, root.id, "the grandchild's traceId is the ROOT log id");
        assert.equal(grandLog.traceFlowId, root.flowId, "the grandchild's traceFlowId is the ROOT's Flow id");
        assert.equal(grandLog.output, "yes");
        assert.equal(ms(grandLog.startTime), t0 + 5000);
        assert.equal(ms(grandLog.endTime), t0 + 9000);

        // A child read on its own carries the same trace linkage.
        const nestedAlone = await hl.logs.get(nested.id);
        assert.equal(kindOf(nestedAlone), "flow");
        assert.equal(nestedAlone.traceId, root.id);
        assert.equal(nestedAlone.traceFlowId, root.flowId);
        assert.equal(nestedAlone.traceParentId, root.id);
        assert.deepEqual(nestedAlone.traceChildren.map((c) => c.id), [grandchild.id]);

        // --- complete the nested flow, then the root ---
        const nestedDone = await hl.flows.updateLog(nested.id, { output: "checked", logStatus: "complete" });
        assert.equal(nestedDone.logStatus, "complete");
        assert.equal(nestedDone.traceParentId, root.id);

        const done = await hl.flows.updateLog(root.id, { output: "4", logStatus: "complete" });
        assert.equal(done.id, root.id);
        assert.equal(done.logStatus, "complete");
        assert.equal(done.output, "4");
        assert.equal(done.flow.path, rootPath);
        assert.ok(ms(done.endTime) >= t0 + 9000, "completion never narrows the trace window");
        assert.equal(ms(done.startTime), t0);
        assert.ok(Array.isArray(done.traceChildren), "the PATCH answer carries the tree");
        assert.deepEqual(done.traceChildren.map((c) => c.id), [tool.id, prompt.id, nested.id]);
        for (const child of done.traceChildren) assertParsedLog(child, `updateLog child ${child.id}`);
        assert.equal(kindOf(done.traceChildren[0]), "tool");
        assert.equal(kindOf(done.traceChildren[1]), "prompt");
        assert.equal(kindOf(done.traceChildren[2]), "flow");
        assert.equal(done.traceChildren[2].logStatus, "complete");
        assert.deepEqual(done.traceChildren[2].traceChildren.map((c) => c.id), [grandchild.id]);

        const after = await hl.logs.get(root.id);
        assert.equal(after.logStatus, "complete");
        assert.equal(after.output, "4");
        assert.equal(ms(after.endTime), ms(done.endTime));
        assert.deepEqual(after.traceChildren.map((c) => c.id), [tool.id, prompt.id, nested.id]);
    });

    test("a child may name a Prompt or Tool log already in the trace as its parent", T, async () => {
        const t0 = BASE;
        const { created: root } = await openRoot({ startTime: at(t0, 0) });
        const { created: prompt } = await logPrompt({ traceParentId: root.id, startTime: at(t0, 1), endTime: at(t0, 2) });
        const tool = await hl.tools.log({
            path: toolPath("Under Prompt"),
            tool: TOOL_KERNEL,
            traceParentId: prompt.id,
            startTime: at(t0, 3),
            endTime: at(t0, 7),
            inputs: { expression: "1+1" },
            output: "2",
        });

        const log = await hl.logs.get(root.id);
        assert.deepEqual(log.traceChildren.map((c) => c.id), [prompt.id]);
        const promptLog = log.traceChildren[0];
        assert.equal(kindOf(promptLog), "prompt");
        assert.ok(Array.isArray(promptLog.traceChildren), "a Prompt log in a trace lists its own children");
        assert.deepEqual(promptLog.traceChildren.map((c) => c.id), [tool.id]);
        const toolLog = promptLog.traceChildren[0];
        assertParsedLog(toolLog, "tool under prompt");
        assert.equal(kindOf(toolLog), "tool");
        assert.equal(toolLog.traceParentId, prompt.id);
        assert.equal(toolLog.traceId, root.id);
        assert.equal(toolLog.traceFlowId, root.flowId);
        assert.ok(ms(log.endTime) >= t0 + 7000, `root endTime ${log.endTime} widened by the grandchild's end`);
    });

    test("a client logId on the root can be used as traceParentId", T, async () => {
        const rootLogId = `sdk tests/${uid("root")} a/b`;
        const { created: root } = await openRoot({ logId: rootLogId });
        assert.equal(root.id, rootLogId);
        const { created: prompt } = await logPrompt({ traceParentId: rootLogId });

        const log = await hl.logs.get(rootLogId);
        assert.deepEqual(log.traceChildren.map((c) => c.id), [prompt.id]);
        assert.equal(log.traceChildren[0].traceId, rootLogId);
        assert.equal(log.traceChildren[0].traceParentId, rootLogId);
    });
});

describe("prompts.updateLog and tools.update (strictly parsed LogResponse, spec 3.4, 3.6)", () => {
    test("prompts.updateLog changes tokens and output and returns a full Prompt log", T, async () => {
        const { path, created } = await logPrompt({
            promptTokens: 10,
            outputTokens: 1,
            promptCost: 0.001,
            outputCost: 0.0001,
            finishReason: "length",
            outputMessage: { role: "assistant", content: "fo" },
            output: "fo",
            metadata: { attempt: 1 },
            logStatus: "incomplete",
        });

        const updated = await hl.prompts.updateLog(created.promptId, created.id, {
            promptTokens: 12,
            outputTokens: 5,
            reasoningTokens: 2,
            outputCost: 0.0005,
            finishReason: "stop",
            output: "four",
            outputMessage: { role: "assistant", content: "four" },
            toolChoice: "auto",
            logStatus: "complete",
        });
        assert.equal(kindOf(updated), "prompt");
        assert.equal(updated.id, created.id);
        assert.deepEqual(updated.evaluatorLogs, []);
        assertPromptFile(updated.prompt, {
            path,
            id: created.promptId,
            versionId: created.versionId,
            model: PROMPT_KERNEL.model,
        });
        assert.equal(updated.promptTokens, 12);
        assert.equal(updated.outputTokens, 5);
        assert.equal(updated.reasoningTokens, 2);
        assert.equal(updated.outputCost, 0.0005);
        assert.equal(updated.promptCost, 0.001, "absent keys leave values untouched");
        assert.equal(updated.finishReason, "stop");
        assert.equal(updated.output, "four");
        assert.deepEqual(updated.outputMessage, { role: "assistant", content: "four" });
        assert.equal(updated.toolChoice, "auto");
        assert.equal(updated.logStatus, "complete");
        assert.deepEqual(updated.messages, PROMPT_MESSAGES);
        assert.deepEqual(updated.metadata, { attempt: 1 });
        assert.deepEqual(updated.inputs, { question: "What is 2+2?" });

        const log = await hl.logs.get(created.id);
        assert.equal(kindOf(log), "prompt");
        assert.equal(log.promptTokens, 12);
        assert.equal(log.outputTokens, 5);
        assert.equal(log.reasoningTokens, 2);
        assert.equal(log.promptCost, 0.001);
        assert.equal(log.outputCost, 0.0005);
        assert.equal(log.finishReason, "stop");
        assert.equal(log.output, "four");
        assert.deepEqual(log.outputMessage, { role: "assistant", content: "four" });
        assert.equal(log.toolChoice, "auto");
        assert.equal(log.logStatus, "complete");
        assert.equal(log.prompt.versionId, created.versionId);
    });

    test("prompts.updateLog with null (explicit undefined) unsets a value", T, async () => {
        const { created } = await logPrompt({ error: "rate limited", finishReason: "error" });
        const updated = await hl.prompts.updateLog(created.promptId, created.id, { error: undefined, output: "ok" });
        assert.ok(updated.error == null, `error must be unset by null, got ${updated.error}`);
        assert.equal(updated.output, "ok");
        assert.equal(updated.finishReason, "error", "absent keys leave values untouched");
        const log = await hl.logs.get(created.id);
        assert.ok(log.error == null);
        assert.equal(log.output, "ok");
    });

    test("prompts.updateLog on a log inside a trace keeps its trace linkage", T, async () => {
        const { created: root } = await openRoot();
        const { created } = await logPrompt({ traceParentId: root.id });
        const updated = await hl.prompts.updateLog(created.promptId, created.id, { outputTokens: 9 });
        assert.equal(updated.outputTokens, 9);
        assert.equal(updated.traceParentId, root.id);
        assert.equal(updated.traceId, root.id);
        assert.equal(updated.traceFlowId, root.flowId);
    });

    test("tools.update changes output and metadata and returns a full Tool log", T, async () => {
        const path = toolPath("Update Tool");
        const created = await hl.tools.log({
            path,
            tool: TOOL_KERNEL,
            inputs: { expression: "6*7" },
            output: "41",
            metadata: { attempt: 1 },
            logStatus: "incomplete",
            startTime: at(BASE, 0),
        });
        assert.ok(created.toolId && created.versionId);

        const updated = await hl.tools.update(created.toolId, created.id, {
            output: "42",
            metadata: { attempt: 2 },
            providerLatency: 0.25,
            endTime: at(BASE, 2),
            logStatus: "complete",
        });
        assert.equal(kindOf(updated), "tool");
        assert.equal(updated.id, created.id);
        assert.deepEqual(updated.evaluatorLogs, []);
        assertToolFile(updated.tool, { path, id: created.toolId, versionId: created.versionId, fn: TOOL_KERNEL.function });
        assert.equal(updated.output, "42");
        assert.deepEqual(updated.metadata, { attempt: 2 });
        assert.equal(updated.providerLatency, 0.25);
        assert.equal(updated.logStatus, "complete");
        assert.deepEqual(updated.inputs, { expression: "6*7" }, "inputs from create are kept");
        assert.equal(ms(updated.startTime), BASE);
        assert.equal(ms(updated.endTime), BASE + 2000);

        const log = await hl.logs.get(created.id);
        assert.equal(kindOf(log), "tool");
        assert.equal(log.output, "42");
        assert.deepEqual(log.metadata, { attempt: 2 });
        assert.equal(log.providerLatency, 0.25);
        assert.equal(log.logStatus, "complete");
        assert.equal(ms(log.endTime), BASE + 2000);
        assertToolFile(log.tool, { path, id: created.toolId, versionId: created.versionId, fn: TOOL_KERNEL.function });
    });
});

describe("trace errors", () => {
    test("prompts.log with an unknown traceParentId -> rejected with 404", T, async () => {
        await expectRuntimeError(logPrompt({ traceParentId: uid("log_missing") }), 404);
    });

    test("tools.log and flows.log with an unknown traceParentId -> rejected with 404", T, async () => {
        await expectRuntimeError(
            hl.tools.log({ path: toolPath("Orphan Tool"), tool: TOOL_KERNEL, traceParentId: uid("log_missing"), output: "x" }),
            404,
        );
        await expectRuntimeError(
            hl.flows.log({
                path: flowPath("Orphan Flow"),
                traceParentId: uid("log_missing"),
                inputs: { q: 1 },
                logStatus: "incomplete",
            }),
            404,
        );
    });

    test("prompts.log aimed at a standalone Prompt log (in no trace) -> rejected with 422", T, async () => {
        const { created: standalone } = await logPrompt();
        await expectRuntimeError(logPrompt({ traceParentId: standalone.id }), 422);
        const log = await hl.logs.get(standalone.id);
        assert.ok(log.traceChildren == null || log.traceChildren.length === 0, "nothing was attached");
    });

    test("after the root is complete, children aimed at the root or at a nested log -> 409", T, async () => {
        const { created: root } = await openRoot();
        const nested = await hl.flows.log({
            path: flowPath("Closed Nested"),
            traceParentId: root.id,
            inputs: { q: 1 },
            logStatus: "incomplete",
        });
        const { created: grandchild } = await logPrompt({ traceParentId: nested.id });
        await hl.flows.updateLog(nested.id, { output: "n", logStatus: "complete" });
        const done = await hl.flows.updateLog(root.id, { output: "r", logStatus: "complete" });
        assert.equal(done.logStatus, "complete");

        await expectRuntimeError(logPrompt({ traceParentId: root.id }), 409);
        // The grandchild Prompt log has no status of its own: the 409 comes from the completed root.
        await expectRuntimeError(logPrompt({ traceParentId: grandchild.id }), 409);
        await expectRuntimeError(
            hl.tools.log({ path: toolPath("Late Tool"), tool: TOOL_KERNEL, traceParentId: grandchild.id, output: "x" }),
            409,
        );

        const log = await hl.logs.get(root.id);
        assert.deepEqual(log.traceChildren.map((c) => c.id), [nested.id], "rejected children were not attached");
        assert.deepEqual(log.traceChildren[0].traceChildren.map((c) => c.id), [grandchild.id]);
        assert.deepEqual(log.traceChildren[0].traceChildren[0].traceChildren ?? [], []);
    });

    test("prompts.updateLog with a wrong Prompt id -> HumanloopError 404", T, async () => {
        const { created } = await logPrompt();
        const { created: other } = await logPrompt();
        assert.notEqual(other.promptId, created.promptId);
        await expectHlError(hl.prompts.updateLog(other.promptId, created.id, { output: "x" }), 404);
        await expectHlError(hl.prompts.updateLog(uid("pr_missing"), created.id, { output: "x" }), 404);
        await expectHlError(hl.prompts.updateLog(created.promptId, uid("log_missing"), { output: "x" }), 404);
        const log = await hl.logs.get(created.id);
        assert.equal(log.output, "4", "a rejected PATCH changes nothing");
    });

    test("tools.update with a wrong Tool id -> HumanloopError 404", T, async () => {
        const created = await hl.tools.log({ path: toolPath("Wrong Id Tool"), tool: TOOL_KERNEL, output: "1" });
        await expectHlError(hl.tools.update(uid("tl_missing"), created.id, { output: "x" }), 404);
        const log = await hl.logs.get(created.id);
        assert.equal(log.output, "1");
    });

    test("prompts.updateLog complete -> incomplete -> 409", T, async () => {
        const { created } = await logPrompt({ logStatus: "complete" });
        await expectHlError(hl.prompts.updateLog(created.promptId, created.id, { logStatus: "incomplete" }), 409);
        const log = await hl.logs.get(created.id);
        assert.equal(log.logStatus, "complete");
    });

    test("prompts.log for a new path without prompt.model -> rejected with 422", T, async () => {
        await expectRuntimeError(
            hl.prompts.log({ path: promptPath("No Model"), messages: PROMPT_MESSAGES, output: "x" }),
            422,
        );
    });

    test("a Prompt log completed by PATCH cannot be reopened -> 409 (a HumanloopError, not a 422)", T, async () => {
        const { created } = await logPrompt();
        await hl.prompts.updateLog(created.promptId, created.id, { logStatus: "complete" });
        const err = await expectHlError(
            hl.prompts.updateLog(created.promptId, created.id, { logStatus: "incomplete" }),
            409,
        );
        assert.ok(!(err instanceof UnprocessableEntityError));
    });
});

describe("Prompt file objects inside logs (spec 2.5, 1.8)", () => {
    test("logs.get of a Prompt log passes strict parsing with inputs[] and totalLogsCount", T, async () => {
        const { path, created } = await logPrompt({ promptTokens: 4 });
        const log = await hl.logs.get(created.id);
        assert.equal(kindOf(log), "prompt");
        assert.equal(log.id, created.id);
        assert.deepEqual(log.evaluatorLogs, []);
        assertPromptFile(log.prompt, { path, id: created.promptId, versionId: created.versionId, model: PROMPT_KERNEL.model });
        assert.ok(log.prompt.totalLogsCount >= 1, `totalLogsCount counts the log, got ${log.prompt.totalLogsCount}`);
        assert.ok(log.prompt.versionLogsCount >= 1);
        assert.ok(
            log.prompt.inputs.some((i) => i.name === "question"),
            `inputs list the template variables: ${JSON.stringify(log.prompt.inputs)}`,
        );
        assert.equal(log.prompt.endpoint, "chat");
        assert.equal(log.prompt.provider, "openai");
        assert.equal(log.prompt.temperature, 0.2);
        assert.equal(log.prompt.maxTokens, 256);
        assert.deepEqual(log.prompt.template, PROMPT_KERNEL.template);
        assert.equal(log.promptTokens, 4);
        assert.ok(log.logStatus == null || log.logStatus === "complete", `unexpected logStatus ${log.logStatus}`);
        assert.ok(log.traceParentId == null && log.traceId == null, "a standalone Prompt log is in no trace");
    });

    test("identical kernels reuse a Prompt version, a changed kernel creates one", T, async () => {
        const path = promptPath("Versioned Prompt");
        const { created: a } = await logPrompt({ path });
        const { created: b } = await logPrompt({ path });
        const { created: c } = await logPrompt({ path, prompt: { ...PROMPT_KERNEL, temperature: 0.9 } });
        assert.equal(b.promptId, a.promptId);
        assert.equal(b.versionId, a.versionId);
        assert.equal(c.promptId, a.promptId);
        assert.notEqual(c.versionId, a.versionId);

        const logC = await hl.logs.get(c.id);
        assert.equal(logC.prompt.versionId, c.versionId);
        assert.equal(logC.prompt.temperature, 0.9);
        assert.ok(logC.prompt.totalLogsCount >= 3, `totalLogsCount spans versions, got ${logC.prompt.totalLogsCount}`);
    });

    test("a Prompt log with a string template and no variables has inputs []", T, async () => {
        const path = promptPath("Plain Prompt");
        const created = await hl.prompts.log({ path, prompt: { model: "gpt-4o", template: "Say hi." }, output: "hi" });
        const log = await hl.logs.get(created.id);
        assertPromptFile(log.prompt, { path, id: created.promptId, versionId: created.versionId, model: "gpt-4o" });
        assert.deepEqual(log.prompt.inputs, []);
        assert.equal(log.prompt.template, "Say hi.");
    });
});
