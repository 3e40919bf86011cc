// File endpoints through the official SDK: upserts (spec 3.11, 3.15, 3.16), listVersions (3.12),
// files.retrieveByPath (3.17, parsed strictly as a union) and the flows.list pager (3.13).
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, flowPath, uid, expectHlError, assertFlowFile } from "../lib/helpers.js";

const hl = makeClient();

test("flows.upsert creates a Flow, reuses a version for the same attributes and names versions", T, async () => {
    const path = flowPath("Upserted");
    const v1 = await hl.flows.upsert({ path, attributes: { v: 1 }, versionName: "v1", versionDescription: "first" });
    assertFlowFile(v1, { path, id: v1.id, versionId: v1.versionId, attributes: { v: 1 } });
    assert.equal(v1.versionName, "v1");
    assert.equal(v1.versionDescription, "first");

    const same = await hl.flows.upsert({ path, attributes: { v: 1 } });
    assert.equal(same.versionId, v1.versionId, "identical attributes are the same version");
    const v2 = await hl.flows.upsert({ id: v1.id, attributes: { v: 2 }, versionName: "v2" });
    assert.equal(v2.id, v1.id);
    assert.notEqual(v2.versionId, v1.versionId, "new attributes are a new version");

    const clash = await expectHlError(hl.flows.upsert({ path, attributes: { v: 3 }, versionName: "v1" }), 409);
    assert.match(clash.body.detail, /v1/);

    // a log with the upserted attributes is logged against that version
    const log = await hl.flows.log({ path, flow: { attributes: { v: 2 } }, inputs: { q: 1 }, output: "a" });
    assert.equal(log.versionId, v2.versionId);
});

test("flows.listVersions lists every version, newest first", T, async () => {
    const path = flowPath("Listed Versions");
    const v1 = await hl.flows.upsert({ path, attributes: { v: 1 }, versionName: "one" });
    const v2 = await hl.flows.upsert({ path, attributes: { v: 2 }, versionName: "two" });
    const { records } = await hl.flows.listVersions(v1.id);
    assert.deepEqual(records.map((r) => r.versionId), [v2.versionId, v1.versionId]);
    assert.deepEqual(records.map((r) => r.versionName), ["two", "one"]);
    records.forEach((r) => assert.equal(r.type, "flow"));
    await expectHlError(hl.flows.listVersions(`fl_missing_${uid()}`), 404);
});

test("prompts.upsert versions a Prompt by its kernel; prompts.log of the same kernel uses it", T, async () => {
    const path = `sdk-tests/${uid("p")}/Greeter`;
    const prompt = await hl.prompts.upsert({
        path, model: "gpt-4o", template: "Hi {{name}}", temperature: 0.2, versionName: "v1",
        description: "greets", tags: ["demo"], readme: "# Greeter",
    });
    assert.equal(prompt.type, "prompt");
    assert.equal(prompt.model, "gpt-4o");
    assert.equal(prompt.temperature, 0.2);
    assert.deepEqual(prompt.inputs, [{ name: "name" }]);
    assert.equal(prompt.versionName, "v1");
    assert.equal(prompt.description, "greets");
    assert.deepEqual(prompt.tags, ["demo"]);
    const again = await hl.prompts.upsert({ path, model: "gpt-4o", template: "Hi {{name}}", temperature: 0.2 });
    assert.equal(again.versionId, prompt.versionId);
    const log = await hl.prompts.log({
        path, prompt: { model: "gpt-4o", template: "Hi {{name}}", temperature: 0.2 }, inputs: { name: "Ada" }, output: "Hi Ada",
    });
    assert.equal(log.versionId, prompt.versionId);
    const other = await hl.prompts.upsert({ path, model: "gpt-4o-mini" });
    assert.notEqual(other.versionId, prompt.versionId);
    await expectHlError(hl.prompts.upsert({ path, model: "o3", versionName: "v1" }), 409);
    const { records } = await hl.prompts.listVersions(prompt.id);
    assert.equal(records.length, 2);
});

test("tools.upsert versions a Tool by its kernel", T, async () => {
    const path = `sdk-tests/${uid("t")}/Calculator`;
    const fn = { name: "calc", description: "calculator", parameters: { type: "object", properties: { x: { type: "number" } } } };
    const tool = await hl.tools.upsert({ path, function: fn, sourceCode: "def calc(x): return x" });
    assert.equal(tool.type, "tool");
    assert.equal(tool.function.name, "calc");
    assert.equal(tool.sourceCode, "def calc(x): return x");
    assert.deepEqual(tool.inputs, [{ name: "x" }]);
    const same = await hl.tools.upsert({ path, function: fn, sourceCode: "def calc(x): return x" });
    assert.equal(same.versionId, tool.versionId);
    const changed = await hl.tools.upsert({ path, function: fn, sourceCode: "def calc(x): return 2 * x" });
    assert.notEqual(changed.versionId, tool.versionId);
});

test("files.retrieveByPath answers every kind of file, and the SDK's strict union parse accepts each", T, async () => {
    const base = `sdk-tests/${uid("r")}`;
    const flow = await hl.flows.upsert({ path: `${base}/Flow`, attributes: { k: 1 } });
    const prompt = await hl.prompts.upsert({ path: `${base}/Prompt`, model: "gpt-4o", template: [{ role: "system", content: "Answer {{q}}" }] });
    const tool = await hl.tools.upsert({ path: `${base}/Tool`, function: { name: "f", description: "d" } });
    const evaluator = await hl.evaluators.upsert({
        path: `${base}/Evaluator`, versionName: "e1",
        spec: { argumentsType: "target_free", returnType: "select", evaluatorType: "human", options: [{ name: "good", valence: "positive" }] },
    });
    // monitoring makes the file objects carry nested evaluator objects the strict parse must accept too
    await hl.flows.updateMonitoring(flow.id, { activate: [{ evaluatorVersionId: evaluator.versionId }] });
    for (const [file, type] of [[flow, "flow"], [prompt, "prompt"], [tool, "tool"], [evaluator, "evaluator"]]) {
        // an environment names the version deployed there (a 404 where none is): deploy it first,
        // by the environment's name, so the strict parse also meets a non-empty `environments`
        await hl[`${type}s`].setDeployment(file.id, "production", { versionId: file.versionId });
        const found = await hl.files.retrieveByPath({ path: file.path, environment: "production" });
        assert.deepEqual(found.environments.map((e) => e.name), ["production"]);
        assert.equal(found.type, type);
        assert.equal(found.id, file.id);
        assert.equal(found.versionId, file.versionId);
        assert.equal(found.path, file.path);
    }
    const found = await hl.files.retrieveByPath({ path: `${base}/Flow` });
    assert.equal(found.evaluators.length, 1);
    assert.equal(found.evaluators[0].versionReference.version.versionName, "e1");
    await expectHlError(hl.files.retrieveByPath({ path: `${base}/Nothing` }), 404);
});

test("the flows.list pager walks every page and stops after the last", T, async () => {
    const token = uid("pager").replace(/[^a-z0-9]/gi, "");
    const ids = new Set();
    for (let i = 0; i < 5; i++) {
        ids.add((await hl.flows.upsert({ path: `sdk-tests/${token}/Flow ${token} ${i}`, attributes: { i } })).id);
    }
    const seen = [];
    const pager = await hl.flows.list({ size: 2, name: token });
    for await (const flow of pager) {
        assert.equal(flow.type, "flow");
        seen.push(flow.id);
    }
    assert.equal(seen.length, 5, "three pages of 2, 2 and 1");
    assert.deepEqual(new Set(seen), ids);
});
