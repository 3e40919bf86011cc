// Listing a File's logs through the SDK's logs.list (spec 3.9): the pager walks every page and
// stops on the first empty one; filters reach the server; records parse as the SDK's LogResponse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, flowPath } from "../lib/helpers.js";

const hl = makeClient();

test("logs.list with for await walks every page of a File's logs, oldest first, and stops", T, async () => {
  const path = flowPath("Listed Prompt");
  const created = [];
  for (let i = 0; i < 5; i++) {
    created.push(await hl.prompts.log({ path, prompt: { model: "m" }, inputs: { n: i }, output: `out ${i}` }));
  }
  const fileId = created[0].promptId;
  const seen = [];
  for await (const log of await hl.logs.list({ fileId, size: 2 })) {
    seen.push(log);
  }
  assert.deepEqual(seen.map((log) => log.id), created.map((log) => log.id));
  assert.equal(seen[0].prompt.id, fileId, "records parse as Prompt logs (camelCase, file object)");
  assert.deepEqual(seen[0].evaluatorLogs, []);
  assert.deepEqual(seen[0].inputs, { n: 0 });

  const page = await hl.logs.list({ fileId, size: 2, page: 3 });
  assert.equal(page.data.length, 1);
});

test("logs.list filters: search, id and include_trace_children", T, async () => {
  const path = flowPath("Searched Prompt");
  const a = await hl.prompts.log({ path, prompt: { model: "m" }, inputs: { city: "Zürich" }, output: "Sunny" });
  const b = await hl.prompts.log({ path, prompt: { model: "m" }, inputs: { city: "Oslo" }, output: "cloudy" });
  const found = [];
  for await (const log of await hl.logs.list({ fileId: a.promptId, search: "SUNNY" })) {
    found.push(log.id);
  }
  assert.deepEqual(found, [a.id]);
  const byId = [];
  for await (const log of await hl.logs.list({ fileId: a.promptId, id: [b.id] })) {
    byId.push(log.id);
  }
  assert.deepEqual(byId, [b.id]);

  const root = await hl.flows.log({ path: flowPath("Listed Flow"), inputs: { q: 1 }, logStatus: "incomplete" });
  const child = await hl.prompts.log({ path, prompt: { model: "m" }, traceParentId: root.id, output: "x" });
  const flows = [];
  for await (const log of await hl.logs.list({ fileId: root.flowId, includeTraceChildren: true })) {
    flows.push(log);
  }
  assert.equal(flows.length, 1);
  assert.equal(flows[0].traceChildren[0].id, child.id);
  assert.equal(flows[0].traceChildren[0].prompt.id, a.promptId);
});
