// Error handling as seen by the official SDK. Spec 1.6, 1.7, 3.1, 3.2, 3.8, 3.12, 4.2, 4.8, 5.3.
// Every case must be a 4xx: the SDK retries 408/429/5xx and would only then surface an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    makeClient,
    T,
    uid,
    flowPath,
    expectHlError,
    expectRuntimeError,
    UnprocessableEntityError,
    HumanloopError,
} from "../lib/helpers.js";

const hl = makeClient();

async function openLog(extra = {}) {
    return hl.flows.log({
        path: flowPath("Errors Flow"),
        flow: { attributes: { v: 1 } },
        inputs: { q: "x" },
        logStatus: "incomplete",
        ...extra,
    });
}

test("flows.updateLog of an unknown log -> HumanloopError 404", T, async () => {
    await expectHlError(hl.flows.updateLog(uid("missing"), { output: "x", logStatus: "complete" }), 404);
});

test("flows.updateLog of an unknown id containing '/' -> 404 (not a routing error)", T, async () => {
    await expectHlError(hl.flows.updateLog(`no such/${uid("missing")} x`, { output: "x" }), 404);
});

test("reopening a complete Flow Log (complete -> incomplete) -> 409", T, async () => {
    const created = await openLog();
    const done = await hl.flows.updateLog(created.id, { output: "4", logStatus: "complete" });
    assert.equal(done.logStatus, "complete");

    await expectHlError(hl.flows.updateLog(created.id, { logStatus: "incomplete" }), 409);

    const log = await hl.logs.get(created.id);
    assert.equal(log.logStatus, "complete", "a rejected PATCH changes nothing");
    assert.equal(log.output, "4");
});

test("completing without an output -> 422 UnprocessableEntityError with a detail array", T, async () => {
    const created = await openLog();
    const err = await expectHlError(hl.flows.updateLog(created.id, { logStatus: "complete" }), 422);
    assert.ok(err instanceof UnprocessableEntityError, `expected UnprocessableEntityError, got ${err.constructor.name}`);
    assert.ok(Array.isArray(err.body.detail), `body.detail must be an array: ${JSON.stringify(err.body)}`);
    assert.ok(err.body.detail.length >= 1);
    for (const item of err.body.detail) {
        assert.ok(Array.isArray(item.loc), "detail[].loc is an array");
        assert.ok(item.loc.every((p) => typeof p === "string" || Number.isInteger(p)), "loc items are strings or ints");
        assert.equal(typeof item.msg, "string");
        assert.equal(typeof item.type, "string");
    }

    const log = await hl.logs.get(created.id);
    assert.equal(log.logStatus, "incomplete", "a rejected completion leaves the log open");
});

test("completing a log that has no inputs -> 422", T, async () => {
    const created = await openLog({ inputs: undefined });
    const err = await expectHlError(hl.flows.updateLog(created.id, { output: "x", logStatus: "complete" }), 422);
    assert.ok(err instanceof UnprocessableEntityError);
    assert.ok(Array.isArray(err.body.detail));
});

test("wrong API key -> 401 on logs.get", T, async () => {
    const created = await openLog();
    const intruder = makeClient(`wrong-key-${uid("k")}`);
    const err = await expectHlError(intruder.logs.get(created.id), 401);
    assert.ok(!(err instanceof UnprocessableEntityError));
    // The right key still works for the same log.
    const log = await hl.logs.get(created.id);
    assert.equal(log.id, created.id);
});

test("wrong API key -> 401 on flows.updateLog, and nothing is changed", T, async () => {
    const created = await openLog();
    const intruder = makeClient(`wrong-key-${uid("k")}`);
    await expectHlError(intruder.flows.updateLog(created.id, { output: "hacked", logStatus: "complete" }), 401);
    const log = await hl.logs.get(created.id);
    assert.equal(log.logStatus, "incomplete");
    assert.ok(log.output == null);
});

test("wrong API key on flows.log -> rejected with 401", T, async () => {
    const intruder = makeClient(`wrong-key-${uid("k")}`);
    await expectRuntimeError(
        intruder.flows.log({ path: flowPath("Intruder"), inputs: { q: 1 }, output: "x" }),
        401,
    );
});

test("logs.get of an unknown id -> HumanloopError 404", T, async () => {
    const err = await expectHlError(hl.logs.get(uid("nope")), 404);
    assert.ok(err instanceof HumanloopError);
});

test("flows.log with the same logId but a different body -> rejected with 409", T, async () => {
    const logId = uid("dup");
    const path = flowPath("Dup Flow");
    const first = await hl.flows.log({ path, inputs: { a: 1 }, logStatus: "incomplete", logId });
    assert.equal(first.id, logId);

    await expectRuntimeError(hl.flows.log({ path, inputs: { a: 2 }, logStatus: "incomplete", logId }), 409);

    const log = await hl.logs.get(logId);
    assert.deepEqual(log.inputs, { a: 1 }, "the stored log is unchanged");
});

test("flows.get of an unknown id -> HumanloopError 404", T, async () => {
    await expectHlError(hl.flows.get(uid("fl_missing")), 404);
});

test("flows.get with an unknown versionId -> HumanloopError 404", T, async () => {
    const created = await openLog();
    await expectHlError(hl.flows.get(created.flowId, { versionId: uid("flv_missing") }), 404);
});

test("flows.log complete without an output -> rejected with 422", T, async () => {
    await expectRuntimeError(
        hl.flows.log({ path: flowPath("No Output"), inputs: { q: 1 }, logStatus: "complete" }),
        422,
    );
});

test("flows.log with log_status omitted and no output -> rejected with 422", T, async () => {
    await expectRuntimeError(hl.flows.log({ path: flowPath("Implicit Complete"), inputs: { q: 1 } }), 422);
});

test("flows.log with an unknown Flow id -> rejected with 404", T, async () => {
    await expectRuntimeError(hl.flows.log({ id: uid("fl_missing"), inputs: { q: 1 }, output: "x" }), 404);
});

test("flows.log with an unknown versionId query -> rejected with 404", T, async () => {
    await expectRuntimeError(
        hl.flows.log({ path: flowPath("Bad Version"), versionId: uid("flv_missing"), inputs: { q: 1 }, output: "x" }),
        404,
    );
});
