// GET /flows/{id} (optionally ?version_id=) through the official SDK. Spec 3.12, 2.5, 4.10, 4.11.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, flowPath, assertFlowFile, ms } from "../lib/helpers.js";

const hl = makeClient();

test("flows.get by id returns the implicitly created Flow", T, async () => {
    const path = flowPath("Get Flow");
    const attributes = { version: "v1", params: { temperature: 0.5, tags: ["a", "b"] } };
    const created = await hl.flows.log({ path, flow: { attributes }, inputs: { q: 1 }, logStatus: "incomplete" });

    const flow = await hl.flows.get(created.flowId);
    assertFlowFile(flow, { path, id: created.flowId, versionId: created.versionId, attributes });
    assert.ok(flow.versionLogsCount >= 1, `versionLogsCount counts the log, got ${flow.versionLogsCount}`);
    assert.ok(ms(flow.updatedAt) >= ms(flow.createdAt));
});

test("flows.get with versionId returns that version; identical attributes reuse a version", T, async () => {
    const path = flowPath("Versioned Flow");
    const v1Attributes = { version: "v1" };
    const v2Attributes = { version: "v2" };
    const first = await hl.flows.log({ path, flow: { attributes: v1Attributes }, inputs: { q: 1 }, output: "a" });
    const second = await hl.flows.log({ path, flow: { attributes: v2Attributes }, inputs: { q: 2 }, output: "b" });
    const again = await hl.flows.log({ path, flow: { attributes: v1Attributes }, inputs: { q: 3 }, output: "c" });

    assert.equal(second.flowId, first.flowId, "same path, same Flow");
    assert.notEqual(second.versionId, first.versionId, "new attributes give a new version");
    assert.equal(again.flowId, first.flowId);
    assert.equal(again.versionId, first.versionId, "identical attributes reuse the existing version");

    const v1 = await hl.flows.get(first.flowId, { versionId: first.versionId });
    assertFlowFile(v1, { path, id: first.flowId, versionId: first.versionId, attributes: v1Attributes });

    const v2 = await hl.flows.get(first.flowId, { versionId: second.versionId });
    assertFlowFile(v2, { path, id: first.flowId, versionId: second.versionId, attributes: v2Attributes });

    // The log's nested flow object names the version the log was written against.
    const log2 = await hl.logs.get(second.id);
    assert.equal(log2.flow.versionId, second.versionId);
    assert.deepEqual(log2.flow.attributes, v2Attributes);
});

test("flows.log by Flow id (no path) logs against the existing Flow", T, async () => {
    const path = flowPath("By Id");
    const created = await hl.flows.log({ path, flow: { attributes: { k: 1 } }, inputs: { q: 1 }, output: "x" });
    const byId = await hl.flows.log({ id: created.flowId, inputs: { q: 2 }, output: "y" });
    assert.equal(byId.flowId, created.flowId);
    const log = await hl.logs.get(byId.id);
    assert.equal(log.flow.id, created.flowId);
    assert.equal(log.flow.path, path);
});

test("flows.log with versionId query logs against that version", T, async () => {
    const path = flowPath("Pinned Version");
    const v1 = await hl.flows.log({ path, flow: { attributes: { v: 1 } }, inputs: { q: 1 }, output: "x" });
    await hl.flows.log({ path, flow: { attributes: { v: 2 } }, inputs: { q: 1 }, output: "x" });
    const pinned = await hl.flows.log({ versionId: v1.versionId, id: v1.flowId, inputs: { q: 3 }, output: "z" });
    assert.equal(pinned.flowId, v1.flowId);
    assert.equal(pinned.versionId, v1.versionId);
});
