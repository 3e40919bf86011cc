// Erasure through the SDK's logs.delete (spec 3.10), and save: false (spec 4.9).
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, uid, flowPath, expectHlError } from "../lib/helpers.js";

const hl = makeClient();

test("logs.delete erases a trace: the root and its children are gone", T, async () => {
  const root = await hl.flows.log({
    path: flowPath("Erased Flow"),
    inputs: { secret: "s3cret" },
    logStatus: "incomplete",
  });
  const child = await hl.prompts.log({
    path: flowPath("Erased Prompt"),
    prompt: { model: "m" },
    traceParentId: root.id,
    output: "private",
  });
  await hl.logs.delete({ id: root.id });
  await expectHlError(hl.logs.get(root.id), 404);
  await expectHlError(hl.logs.get(child.id), 404);
  await expectHlError(hl.flows.updateLog(root.id, { output: "again" }), 404);
});

test("logs.delete of an unknown log is a 404 and erases nothing", T, async () => {
  const kept = await hl.flows.log({ path: flowPath("Kept Flow"), inputs: { q: 1 }, output: "kept" });
  await expectHlError(hl.logs.delete({ id: [kept.id, uid("missing")] }), 404);
  const log = await hl.logs.get(kept.id);
  assert.equal(log.output, "kept");
});

test("save: false keeps the log without its payload", T, async () => {
  const created = await hl.flows.log({
    path: flowPath("Unsaved Flow"),
    inputs: { q: "hidden" },
    output: "hidden",
    save: false,
    metadata: { team: "a" },
  });
  const log = await hl.logs.get(created.id);
  assert.equal(log.save, false);
  assert.equal(log.logStatus, "complete");
  assert.equal(log.inputs ?? null, null);
  assert.equal(log.output ?? null, null);
  assert.deepEqual(log.metadata, { team: "a" });
});
