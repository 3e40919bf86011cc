// A file's life through the official SDK (issue 19 B; spec 3.12, 3.13, 4.11): flows.delete and
// flows.move with logs present (the logs stay readable through the strictly parsed logs.get),
// version update and delete, directories.list/create/get/update/delete, and files.listFiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, RUN, uid, expectHlError, expectRuntimeError } from "../lib/helpers.js";

const hl = makeClient();

test("flows.delete with logs present: the Flow is gone, its logs stay readable and marked, the path is free", T, async () => {
    const path = `sdk-life/${RUN}/Deleted ${uid("f")}`;
    const log = await hl.flows.log({ path, flow: { attributes: { v: 1 } }, inputs: { q: 1 }, output: "a" });
    const live = await hl.logs.get(log.id);
    assert.equal(live.flow.deleted_at ?? live.flow.deletedAt, undefined, "a live Flow has no deleted_at");
    await hl.flows.delete(log.flowId);

    await expectHlError(hl.flows.get(log.flowId), 404);
    const read = await hl.logs.get(log.id);
    assert.equal(read.flow.id, log.flowId);
    assert.equal(read.flow.path, path);
    assert.ok(read.flow.deleted_at ?? read.flow.deletedAt, "the log's Flow says it is deleted");
    // a new log at the path makes a new Flow there
    const again = await hl.flows.log({ path, flow: { attributes: { v: 1 } }, inputs: { q: 2 }, output: "b" });
    assert.notEqual(again.flowId, log.flowId);
    // logging by the deleted Flow's id is refused
    await expectRuntimeError(hl.flows.log({ id: log.flowId, inputs: {}, output: "c" }), 404);
    // the deleted Flow's log is still erasable
    await hl.logs.delete({ id: log.id });
    assert.equal((await hl.logs.get(log.id)).erased, true);
});

test("flows.move with logs present: path, name and directory change, the logs follow, conflicts are 409", T, async () => {
    const path = `sdk-life/${RUN}/a/Mover ${uid("f")}`;
    const log = await hl.flows.log({ path, flow: { attributes: { v: 1 } }, inputs: { q: 1 }, output: "a" });
    const target = `sdk-life/${RUN}/b/Moved ${uid("f")}`;
    const moved = await hl.flows.move(log.flowId, { path: target });
    assert.equal(moved.path, target);
    assert.equal(moved.name, target.split("/").pop());
    assert.equal(typeof moved.directoryId, "string");
    assert.equal((await hl.logs.get(log.id)).flow.path, target);

    const renamed = await hl.flows.move(log.flowId, { name: "Renamed" });
    assert.equal(renamed.path, `sdk-life/${RUN}/b/Renamed`);
    assert.equal(renamed.directoryId, moved.directoryId);

    const other = await hl.flows.log({ path: `sdk-life/${RUN}/Taken ${uid("f")}`, inputs: {}, output: "x" });
    const taken = (await hl.flows.get(other.flowId)).path;
    const clash = await expectHlError(hl.flows.move(log.flowId, { path: taken }), 409);
    assert.match(clash.body.detail, /already used/);
    await expectHlError(hl.flows.move(log.flowId, { path: "a//b" }), 422);
});

test("flows.updateFlowVersion and deleteFlowVersion: names are unique, a version with logs stays", T, async () => {
    const path = `sdk-life/${RUN}/Versions ${uid("f")}`;
    const used = await hl.flows.log({ path, flow: { attributes: { v: 1 } }, inputs: {}, output: "a" });
    const unused = await hl.flows.upsert({ path, attributes: { v: 2 }, versionName: "two" });

    const updated = await hl.flows.updateFlowVersion(used.flowId, used.versionId, { name: "one", description: "first" });
    assert.equal(updated.versionId, used.versionId);
    assert.equal(updated.versionName, "one");
    assert.equal(updated.versionDescription, "first");
    await expectHlError(hl.flows.updateFlowVersion(used.flowId, used.versionId, { name: "two" }), 409);

    const refused = await expectHlError(hl.flows.deleteFlowVersion(used.flowId, used.versionId), 409);
    assert.match(refused.body.detail, /log/);
    await hl.flows.deleteFlowVersion(used.flowId, unused.versionId);
    const { records } = await hl.flows.listVersions(used.flowId);
    assert.deepEqual(records.map((r) => r.versionId), [used.versionId]);
});

test("directories follow paths and are listed, created, read, renamed and deleted", T, async () => {
    const top = `sdk-dirs-${RUN}-${uid("d")}`;
    const log = await hl.flows.log({ path: `${top}/inner/Flow`, inputs: {}, output: "a" });
    const flow = await hl.flows.get(log.flowId);

    const inner = await hl.directories.get(flow.directoryId);
    assert.equal(inner.path, `${top}/inner`);
    assert.equal(inner.name, "inner");
    assert.deepEqual(inner.files.map((f) => f.id), [log.flowId]);
    assert.deepEqual(inner.parents.map((p) => p.path), [top]);
    assert.deepEqual(inner.subdirectories, []);
    const all = await hl.directories.list();
    assert.ok(all.some((d) => d.id === inner.id && d.parentId === inner.parentId));

    const made = await hl.directories.create({ name: "made", parentId: inner.parentId });
    assert.equal(made.path, `${top}/made`);
    assert.ok(made.createdAt instanceof Date);
    const renamed = await hl.directories.update(made.id, { name: "remade" });
    assert.equal(renamed.path, `${top}/remade`);
    await expectHlError(hl.directories.create({ path: `${top}/remade` }), 409);
    const notEmpty = await expectHlError(hl.directories.delete(inner.id), 409);
    assert.match(notEmpty.body.detail, /not empty/);
    await hl.directories.delete(made.id);
    await expectHlError(hl.directories.get(made.id), 404);

    // a file moved into a directory by its id
    const moved = await hl.flows.move(log.flowId, { directoryId: inner.parentId });
    assert.equal(moved.path, `${top}/Flow`);
    await hl.directories.delete(inner.id);
});

test("files.listFiles lists the files of every kind, filtered by type and name", T, async () => {
    const name = `Listed${uid("l").replace(/[^A-Za-z0-9]/g, "")}`;
    const flow = await hl.flows.log({ path: `sdk-life/${RUN}/${name} Flow`, inputs: {}, output: "a" });
    const prompt = await hl.prompts.upsert({ path: `sdk-life/${RUN}/${name} Prompt`, model: "gpt-4o" });
    const page = await hl.files.listFiles({ name, sortBy: "name", order: "asc" });
    assert.equal(page.total, 2);
    assert.deepEqual(page.records.map((f) => f.id), [flow.flowId, prompt.id]);
    assert.deepEqual(page.records.map((f) => f.type), ["flow", "prompt"]);
    const prompts = await hl.files.listFiles({ name, type: "prompt" });
    assert.deepEqual(prompts.records.map((f) => f.id), [prompt.id]);
    // environment: the files deployed there, each at the version deployed there
    assert.equal((await hl.files.listFiles({ name, environment: "production" })).total, 0);
    await hl.prompts.setDeployment(prompt.id, "production", { versionId: prompt.versionId });
    await hl.prompts.upsert({ path: `sdk-life/${RUN}/${name} Prompt`, model: "gpt-5" });
    const deployed = await hl.files.listFiles({ name, environment: "production" });
    assert.deepEqual(deployed.records.map((f) => [f.id, f.versionId]), [[prompt.id, prompt.versionId]]);
    await expectHlError(hl.files.listFiles({ environment: `nowhere-${RUN}` }), 404);
});
