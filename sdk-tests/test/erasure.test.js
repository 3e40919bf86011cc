// Erasure through the SDK's logs.delete (spec 3.10), and save: false (spec 4.9).
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, uid, flowPath, expectHlError } from "../lib/helpers.js";

const hl = makeClient();

test("logs.delete erases a trace: root and child read back as tombstones without content", T, async () => {
  const root = await hl.flows.log({
    path: flowPath("Erased Flow"),
    inputs: { secret: "s3cret" },
    metadata: { email: "someone@example.com" },
    user: "someone",
    logStatus: "incomplete",
  });
  const child = await hl.prompts.log({
    path: flowPath("Erased Prompt"),
    prompt: { model: "m" },
    traceParentId: root.id,
    output: "private",
    error: "private error",
    promptTokens: 5,
  });
  await hl.logs.delete({ id: root.id });
  // logs.get parses strictly (spec 1.8): a tombstone is still a valid Flow Log, its child a Prompt Log
  const tombstone = await hl.logs.get(root.id);
  assert.ok("flow" in tombstone);
  assert.equal(tombstone.erased, true);
  assert.ok(tombstone.erasedAt ?? tombstone.erased_at, "erased_at passes through (our addition, unknown to the SDK)");
  assert.equal(tombstone.inputs ?? null, null);
  assert.equal(tombstone.metadata ?? null, null);
  assert.equal(tombstone.user ?? null, null);
  assert.deepEqual(tombstone.evaluatorLogs, []);
  assert.equal(tombstone.traceChildren.length, 1);
  const erasedChild = tombstone.traceChildren[0];
  assert.equal(erasedChild.id, child.id);
  assert.ok("prompt" in erasedChild);
  assert.equal(erasedChild.erased, true);
  assert.equal(erasedChild.output ?? null, null);
  assert.equal(erasedChild.error ?? null, null);
  assert.equal(erasedChild.promptTokens, 5);
  assert.doesNotMatch(JSON.stringify(await hl.logs.get(child.id)), /private|s3cret|someone/);
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
