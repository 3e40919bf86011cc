// Flow Log lifecycle through the official SDK: create (incomplete), read back, complete, read back.
// Spec: humanloop-v5-logs.md 3.1, 3.2, 3.8, 2.5, 2.6, 4.2, 4.8, 1.4, 1.5.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, uid, flowPath, ms, assertFlowFile } from "../lib/helpers.js";

const hl = makeClient();

const MESSAGES = [
    { role: "system", content: "You answer arithmetic questions." },
    { role: "user", content: "What is 2+2?" },
];

/** Opens an incomplete Flow Log the way the smoke script (spec 5.1) does. */
async function openFlowLog(extra = {}) {
    const path = flowPath("Lifecycle Flow");
    const attributes = { version: "v1", run: uid("attr") };
    const startTime = new Date(Date.now() - 60_000);
    startTime.setMilliseconds(123);
    const request = {
        path,
        flow: { attributes },
        inputs: { question: "What is 2+2?" },
        logStatus: "incomplete",
        startTime,
        metadata: { env: "sdk-tests", nested: { n: 1, ok: true } },
        messages: MESSAGES,
        ...extra,
    };
    const created = await hl.flows.log(request);
    return { path, attributes, startTime, request, created };
}

describe("flows.log -> logs.get -> flows.updateLog", () => {
    test("flows.log opens an incomplete Flow Log and implicitly creates the Flow", T, async () => {
        const { created } = await openFlowLog();
        assert.equal(typeof created.id, "string");
        assert.ok(created.id.length > 0, "log id must be non-empty");
        assert.equal(typeof created.flowId, "string");
        assert.ok(created.flowId.length > 0, "flowId must be non-empty");
        assert.equal(typeof created.versionId, "string");
        assert.ok(created.versionId.length > 0, "versionId must be non-empty");
        assert.notEqual(created.flowId, created.versionId);
        assert.equal(created.logStatus, "incomplete");
    });

    test("logs.get returns the Flow Log with nested flow object and evaluatorLogs []", T, async () => {
        const { created, path, attributes, startTime } = await openFlowLog();
        const log = await hl.logs.get(created.id);

        assert.ok("flow" in log, "a Flow log must be parsed as FlowLogResponse (has `flow`)");
        assert.ok(!("prompt" in log && log.prompt), "a Flow log must not carry a prompt");
        assert.equal(log.id, created.id);
        assert.equal(log.logStatus, "incomplete");
        assert.deepEqual(log.evaluatorLogs, []);
        assert.deepEqual(log.inputs, { question: "What is 2+2?" });
        assert.deepEqual(log.metadata, { env: "sdk-tests", nested: { n: 1, ok: true } });
        assert.deepEqual(log.messages, MESSAGES);
        assert.equal(ms(log.startTime), startTime.getTime(), "startTime must round-trip to the millisecond");
        assert.ok(log.endTime == null, `an incomplete log has no endTime yet, got ${log.endTime}`);
        assert.ok(log.output == null, "no output yet");

        assertFlowFile(log.flow, { path, id: created.flowId, versionId: created.versionId, attributes });
    });

    test("flows.updateLog completes the log (output + error: undefined -> null)", T, async () => {
        const { created, path, attributes, startTime } = await openFlowLog();
        const before = Date.now();
        const updated = await hl.flows.updateLog(created.id, {
            output: "4",
            error: undefined, // the SDK serializes this as "error": null (spec 1.5)
            logStatus: "complete",
        });
        const after = Date.now();

        assert.equal(updated.id, created.id);
        assert.equal(updated.logStatus, "complete");
        assert.equal(updated.output, "4");
        assert.ok(updated.error == null, `error must be unset, got ${updated.error}`);
        assert.deepEqual(updated.inputs, { question: "What is 2+2?" }, "inputs from create are kept");
        assert.deepEqual(updated.evaluatorLogs, []);
        const end = ms(updated.endTime);
        // end_time is set to the completion time (spec 4.2, 4.3); allow for clock granularity.
        assert.ok(end >= before - 2_000 && end <= after + 2_000, `endTime ${updated.endTime} not at completion time`);
        assert.ok(end >= startTime.getTime(), "endTime must not precede startTime");
        assertFlowFile(updated.flow, { path, id: created.flowId, versionId: created.versionId, attributes });

        const log = await hl.logs.get(created.id);
        assert.equal(log.logStatus, "complete");
        assert.equal(log.output, "4");
        assert.ok(log.error == null);
        assert.equal(ms(log.endTime), end);
        assert.equal(ms(log.startTime), startTime.getTime());
        assert.deepEqual(log.messages, MESSAGES, "messages untouched by a PATCH that does not send them");
        assert.deepEqual(log.metadata, { env: "sdk-tests", nested: { n: 1, ok: true } });
    });

    test("updateLog with an explicit undefined (null on the wire) unsets a value", T, async () => {
        const { created } = await openFlowLog();
        const withOutput = await hl.flows.updateLog(created.id, { output: "draft", error: "boom" });
        assert.equal(withOutput.output, "draft");
        assert.equal(withOutput.error, "boom");
        assert.equal(withOutput.logStatus, "incomplete");

        const unset = await hl.flows.updateLog(created.id, { output: undefined });
        assert.ok(unset.output == null, `output must be unset by null, got ${unset.output}`);
        assert.equal(unset.error, "boom", "absent keys leave values untouched");
        assert.equal(unset.logStatus, "incomplete");

        const log = await hl.logs.get(created.id);
        assert.ok(log.output == null);
        assert.equal(log.error, "boom");
    });

    test("completing with inputs supplied in the same PATCH", T, async () => {
        const { created } = await openFlowLog({ inputs: undefined });
        const updated = await hl.flows.updateLog(created.id, {
            inputs: { question: "3*3?" },
            output: "9",
            logStatus: "complete",
        });
        assert.equal(updated.logStatus, "complete");
        assert.deepEqual(updated.inputs, { question: "3*3?" });
        assert.equal(updated.output, "9");
        ms(updated.endTime);
    });

    test("a client logId containing '/' and spaces works for log, updateLog and logs.get", T, async () => {
        const logId = `sdk tests/${uid("log")} a/b c`;
        const { created, path, attributes } = await openFlowLog({ logId });
        assert.equal(created.id, logId, "the returned id equals the client-supplied log_id (spec 4.8)");

        const updated = await hl.flows.updateLog(logId, { output: "done", logStatus: "complete" });
        assert.equal(updated.id, logId);
        assert.equal(updated.logStatus, "complete");
        assert.equal(updated.output, "done");

        const log = await hl.logs.get(logId);
        assert.equal(log.id, logId);
        assert.equal(log.logStatus, "complete");
        assert.equal(log.output, "done");
        assert.deepEqual(log.evaluatorLogs, []);
        assertFlowFile(log.flow, { path, id: created.flowId, versionId: created.versionId, attributes });
    });

    test("a retried flows.log with the same logId and the same body returns the stored log", T, async () => {
        const logId = uid("retry");
        const request = {
            path: flowPath("Retry Flow"),
            flow: { attributes: { v: 1 } },
            inputs: { a: 1 },
            logStatus: "incomplete",
            startTime: new Date("2025-01-01T10:00:00.000Z"),
            metadata: { attempt: "same" },
            logId,
        };
        const first = await hl.flows.log(request);
        const second = await hl.flows.log({ ...request });
        assert.equal(first.id, logId);
        assert.equal(second.id, first.id);
        assert.equal(second.flowId, first.flowId);
        assert.equal(second.versionId, first.versionId);
        assert.equal(second.logStatus, "incomplete");

        const log = await hl.logs.get(logId);
        assert.equal(log.id, logId);
        assert.deepEqual(log.metadata, { attempt: "same" });
    });

    test("flows.log without logStatus is a one-shot complete log", T, async () => {
        const created = await hl.flows.log({
            path: flowPath("One Shot"),
            flow: { attributes: { v: 1 } },
            inputs: { q: "x" },
            output: "y",
        });
        assert.equal(created.logStatus, "complete");
        const log = await hl.logs.get(created.id);
        assert.equal(log.logStatus, "complete");
        assert.equal(log.output, "y");
    });
});
