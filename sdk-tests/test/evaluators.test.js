// Evaluators through the official SDK: upserting versioned Evaluators, spec validation, monitoring
// attachments on Flows and Prompts, python monitors judging completed logs, and judgments posted with
// evaluators.log. Spec: humanloop-v5-logs.md 1.7, 1.8, 2.4-2.6, 3.7, 3.8, 3.14, 3.15, 4.4-4.7.
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
  HumanloopError,
} from "../lib/helpers.js";

const hl = makeClient();

/**
 * Tests that wait for a python monitor. The first python run of a server starts the sandbox worker
 * (a child JVM, several seconds and more on a small box), so these get far more than T.
 */
const SLOW = { timeout: 90_000 };
/** How long a poll waits for the evaluator logs to appear. */
const POLL_MS = 60_000;

/** Unique Evaluator / Prompt paths inside the sdk-tests directory. */
const evaluatorPath = (name) => `sdk-tests/${RUN}/${name} ${uid("e")}`;
const promptPath = (name) => `sdk-tests/${RUN}/${name} ${uid("p")}`;
const nameOf = (path) => path.split("/").pop();

const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

/** A target-free python spec (spec 2.4). */
const python = (code, returnType = "boolean") => ({
  argumentsType: "target_free",
  returnType,
  evaluatorType: "python",
  code,
});

const LENGTH_SPEC = python('def evaluate(log):\n    return len(log["output"]) > 3');
const CHILDREN_SPEC = python('def evaluate(log):\n    return len(log["children"])', "number");
const RAISING_SPEC = python('def evaluate(log):\n    raise ValueError("boom")');
const WRONG_TYPE_SPEC = python('def evaluate(log):\n    return "yes"');
const SELECT_SPEC = {
  argumentsType: "target_free",
  returnType: "select",
  evaluatorType: "external",
  options: [{ name: "good" }, { name: "bad" }],
};

const PROMPT_KERNEL = { model: "gpt-4o-mini", template: [{ role: "user", content: "{{question}}" }] };

let sharedLength;
/**
 * The python "length > 3" evaluator shared by the monitoring tests: created on first use (inside a
 * test, so the hidden-retry guard sees the request) and then reused.
 */
function lengthEvaluator() {
  sharedLength ??= hl.evaluators.upsert({ path: evaluatorPath("Length Check"), spec: LENGTH_SPEC });
  return sharedLength;
}

/** Assert an EvaluatorResponse (upsert, get, list record or nested in a log) is complete (spec 2.5). */
function assertEvaluatorFile(evaluator, { path, id, versionId, spec }) {
  assert.ok(evaluator && typeof evaluator === "object", "evaluator object missing");
  assert.equal(evaluator.path, path);
  if (id !== undefined) assert.equal(evaluator.id, id);
  else assert.equal(typeof evaluator.id, "string");
  if (versionId !== undefined) assert.equal(evaluator.versionId, versionId);
  else assert.equal(typeof evaluator.versionId, "string");
  assert.notEqual(evaluator.id, evaluator.versionId);
  assert.equal(evaluator.name, nameOf(path), "name is the last path segment");
  assert.equal(evaluator.type, "evaluator");
  assert.deepEqual(evaluator.spec, spec, "the spec round-trips");
  assert.ok(Array.isArray(evaluator.inputs), `inputs must be an array, got ${JSON.stringify(evaluator.inputs)}`);
  assert.equal(typeof evaluator.versionLogsCount, "number");
  assert.equal(typeof evaluator.totalLogsCount, "number");
  ms(evaluator.createdAt);
  ms(evaluator.updatedAt);
  ms(evaluator.lastUsedAt);
}

/** Assert an element of evaluatorLogs: an Evaluator Log on `parentId` by `evaluator` (spec 4.5, 4.6). */
function assertEvaluatorLog(evLog, { parentId, evaluator }) {
  assert.ok(evLog && typeof evLog === "object", "evaluator log missing");
  assert.ok(!("evaluator_logs" in evLog) && !("parent_id" in evLog), `not parsed (snake_case): ${JSON.stringify(evLog)}`);
  assert.equal(typeof evLog.id, "string");
  assert.notEqual(evLog.id, parentId);
  assert.equal(evLog.parentId, parentId, "parentId is the judged log");
  assert.equal(evLog.evaluator.id, evaluator.id, "evaluator is the monitoring Evaluator");
  assert.equal(evLog.evaluator.versionId, evaluator.versionId, "evaluator is the version that ran");
  assert.equal(evLog.evaluator.type, "evaluator");
  assert.deepEqual(evLog.evaluator.spec, evaluator.spec);
  assert.ok(Array.isArray(evLog.evaluatorLogs), "an evaluator log carries its own evaluatorLogs");
  for (const key of ["prompt", "tool", "flow"]) {
    assert.ok(evLog[key] == null, `an evaluator log carries no ${key}: ${JSON.stringify(evLog[key])}`);
  }
}

/** Poll logs.get (strictly parsed, spec 1.8) until `done(log)`; fail with the last state after POLL_MS. */
async function pollLog(id, done, what) {
  const deadline = Date.now() + POLL_MS;
  for (;;) {
    const log = await hl.logs.get(id);
    if (done(log)) return log;
    if (Date.now() > deadline) {
      assert.fail(`${what}: not reached within ${POLL_MS / 1000} s; evaluatorLogs: ${JSON.stringify(log.evaluatorLogs)}`);
    }
    await sleep(250);
  }
}

/** Poll until the log has at least `n` evaluator logs, then require exactly `n`. */
async function pollEvaluatorLogs(id, n, what) {
  const log = await pollLog(id, (l) => l.evaluatorLogs.length >= n, `${what} (waiting for ${n} evaluator log(s))`);
  assert.equal(log.evaluatorLogs.length, n, `exactly ${n} evaluator log(s): ${JSON.stringify(log.evaluatorLogs)}`);
  return log;
}

/** Opens an incomplete Flow Log on a new Flow. */
async function openFlowLog(name, extra = {}) {
  const path = flowPath(name);
  const created = await hl.flows.log({
    path,
    flow: { attributes: { suite: "evaluators" } },
    inputs: { question: "What is 2+2?" },
    logStatus: "incomplete",
    ...extra,
  });
  assert.equal(created.logStatus, "incomplete");
  assert.equal(typeof created.flowId, "string");
  return { path, created };
}

/** Activates evaluator versions on a Flow; answers the FlowResponse. */
function monitorFlow(flowId, ...evaluators) {
  return hl.flows.updateMonitoring(flowId, {
    activate: evaluators.map((e) => ({ evaluatorVersionId: e.versionId })),
  });
}

/** Every page of evaluators.list filtered by name, collected through the pager. */
async function listByName(name, size = 10) {
  const found = [];
  const pager = await hl.evaluators.list({ name, size });
  for await (const record of pager) found.push(record);
  return found;
}

/** Assert a MonitoringEvaluatorResponse pinning `evaluator` by version (spec 2.5, 3.14). */
function assertMonitor(monitor, evaluator, state) {
  assert.ok(monitor && typeof monitor === "object", "monitoring entry missing");
  assert.equal(monitor.versionReference?.type, "version", `versionReference: ${JSON.stringify(monitor.versionReference)}`);
  assert.equal(monitor.versionReference.version.id, evaluator.id);
  assert.equal(monitor.versionReference.version.versionId, evaluator.versionId);
  assert.equal(monitor.versionReference.version.type, "evaluator");
  assert.deepEqual(monitor.versionReference.version.spec, evaluator.spec);
  assert.equal(monitor.state, state);
  ms(monitor.createdAt);
  ms(monitor.updatedAt);
}

describe("evaluators.upsert, get and list (spec 3.15)", () => {
  test("upsert of a python evaluator answers an EvaluatorResponse; same spec same version, new code new version", T, async () => {
    const path = evaluatorPath("Upsert Python");
    const first = await hl.evaluators.upsert({ path, spec: LENGTH_SPEC });
    assertEvaluatorFile(first, { path, spec: LENGTH_SPEC });

    const again = await hl.evaluators.upsert({ path, spec: LENGTH_SPEC });
    assert.equal(again.id, first.id, "same path, same Evaluator");
    assert.equal(again.versionId, first.versionId, "an identical spec reuses the version");

    const changedSpec = python('def evaluate(log):\n    return len(log["output"]) > 5');
    const changed = await hl.evaluators.upsert({ path, spec: changedSpec });
    assertEvaluatorFile(changed, { path, id: first.id, spec: changedSpec });
    assert.notEqual(changed.versionId, first.versionId, "changed code creates a version");

    const byId = await hl.evaluators.upsert({ id: first.id, spec: changedSpec });
    assert.equal(byId.versionId, changed.versionId, "upsert by id with the same spec reuses the version");
  });

  test("evaluators.get returns the Evaluator, and an older version by versionId", T, async () => {
    const path = evaluatorPath("Get Python");
    const v1 = await hl.evaluators.upsert({ path, spec: LENGTH_SPEC });
    const got = await hl.evaluators.get(v1.id);
    assertEvaluatorFile(got, { path, id: v1.id, versionId: v1.versionId, spec: LENGTH_SPEC });

    const v2Spec = python("def evaluate(log):\n    return True");
    const v2 = await hl.evaluators.upsert({ path, spec: v2Spec });
    const old = await hl.evaluators.get(v1.id, { versionId: v1.versionId });
    assertEvaluatorFile(old, { path, id: v1.id, versionId: v1.versionId, spec: LENGTH_SPEC });
    const newer = await hl.evaluators.get(v1.id, { versionId: v2.versionId });
    assertEvaluatorFile(newer, { path, id: v1.id, versionId: v2.versionId, spec: v2Spec });
  });

  test("evaluators.get of an unknown id or version -> HumanloopError 404", T, async () => {
    await expectHlError(hl.evaluators.get(uid("ev_missing")), 404);
    const created = await hl.evaluators.upsert({ path: evaluatorPath("Get Missing Version"), spec: LENGTH_SPEC });
    await expectHlError(hl.evaluators.get(created.id, { versionId: uid("evv_missing") }), 404);
  });

  test("evaluators.list finds it by name; the pager walks every page", T, async () => {
    const path = evaluatorPath("Listed Python");
    const created = await hl.evaluators.upsert({ path, spec: LENGTH_SPEC });
    const found = await listByName(nameOf(path));
    assert.deepEqual(found.map((e) => e.id), [created.id], "the name filter finds exactly this Evaluator");
    assertEvaluatorFile(found[0], { path, id: created.id, versionId: created.versionId, spec: LENGTH_SPEC });

    // Two Evaluators sharing a name fragment, one per page.
    const fragment = `Paged ${uid("n")}`;
    const a = await hl.evaluators.upsert({ path: `sdk-tests/${RUN}/${fragment} a`, spec: LENGTH_SPEC });
    const b = await hl.evaluators.upsert({ path: `sdk-tests/${RUN}/${fragment} b`, spec: SELECT_SPEC });
    const paged = await listByName(fragment, 1);
    assert.deepEqual(paged.map((e) => e.id).sort(), [a.id, b.id].sort(), "both found, across pages of size 1");
  });
});

describe("evaluator spec validation (spec 2.4) -> 422", () => {
  /** Upserts `spec` at a fresh path, expects a 422 naming `field`, and checks nothing was created. */
  async function rejects(spec, field) {
    const path = evaluatorPath("Invalid Spec");
    const err = await expectHlError(hl.evaluators.upsert({ path, spec }), 422);
    assert.ok(err instanceof UnprocessableEntityError, `expected UnprocessableEntityError, got ${err.constructor.name}`);
    assert.ok(Array.isArray(err.body.detail) && err.body.detail.length >= 1, JSON.stringify(err.body));
    for (const item of err.body.detail) {
      assert.ok(Array.isArray(item.loc));
      assert.equal(typeof item.msg, "string");
      assert.equal(typeof item.type, "string");
    }
    assert.ok(
      err.body.detail.some((d) => d.loc[0] === "body" && d.loc[1] === "spec" && d.loc.includes(field)),
      `a problem located at spec ... ${field} expected: ${JSON.stringify(err.body.detail)}`,
    );
    assert.deepEqual(await listByName(nameOf(path)), [], "a rejected upsert creates nothing");
    return err;
  }

  test("select without options -> 422", T, async () => {
    await rejects({ argumentsType: "target_free", returnType: "select", evaluatorType: "human" }, "options");
  });

  test("number_limits on a boolean evaluator -> 422", T, async () => {
    await rejects({ ...LENGTH_SPEC, numberLimits: { min: 0, max: 1 } }, "number_limits");
  });

  test("python with empty code, or code without def evaluate -> 422", T, async () => {
    await rejects(python(""), "code");
    await rejects(python("   \n"), "code");
    await rejects(python("x = 1\nprint(x)"), "code");
  });

  test("unknown evaluator_type and python without code are refused by the SDK before any request", T, async () => {
    // The spec union's evaluator_type literals are closed and python's code is required (spec 1.8),
    // so the SDK's own serializer throws: these never reach the server.
    for (const spec of [
      { argumentsType: "target_free", returnType: "boolean", evaluatorType: "magic" },
      { argumentsType: "target_free", returnType: "boolean", evaluatorType: "python" },
    ]) {
      let caught;
      try {
        await hl.evaluators.upsert({ path: evaluatorPath("Client Refused"), spec });
      } catch (e) {
        caught = e;
      }
      assert.ok(caught, `the SDK accepted ${JSON.stringify(spec)}`);
      assert.ok(!(caught instanceof HumanloopError), `expected a client-side error, got ${caught.constructor.name}`);
      assert.match(caught.message, /evaluatorType|code/);
    }
  });

  test("server-side rules the SDK does not check: options on text, bad number_limits, duplicate options -> 422", T, async () => {
    await rejects({ argumentsType: "target_free", returnType: "text", evaluatorType: "human", options: [{ name: "a" }] }, "options");
    await rejects({ ...python("def evaluate(log):\n    return 1", "number"), numberLimits: { min: 5, max: 1 } }, "number_limits");
    await rejects({ ...python("def evaluate(log):\n    return 1", "number"), numberLimits: { step: 0 } }, "number_limits");
    await rejects({ ...SELECT_SPEC, options: [{ name: "good" }, { name: "good" }] }, "options");
    await rejects({ ...SELECT_SPEC, options: [] }, "options");
  });
});

describe("flows.updateMonitoring (spec 3.14, 4.4)", () => {
  test("activate answers the FlowResponse with an active version-pinned monitor; deactivate makes it inactive", T, async () => {
    const evaluator = await lengthEvaluator();
    const { path, created } = await openFlowLog("Monitored Flow");

    const activated = await monitorFlow(created.flowId, evaluator);
    assert.equal(activated.id, created.flowId);
    assert.equal(activated.path, path);
    assert.equal(activated.type, "flow");
    assert.ok(Array.isArray(activated.evaluators), `evaluators missing: ${JSON.stringify(activated)}`);
    assert.equal(activated.evaluators.length, 1);
    assertMonitor(activated.evaluators[0], evaluator, "active");

    const again = await monitorFlow(created.flowId, evaluator);
    assert.equal(again.evaluators.length, 1, "activating twice keeps one attachment");
    assertMonitor(again.evaluators[0], evaluator, "active");

    const read = await hl.flows.get(created.flowId);
    assert.equal(read.evaluators?.length, 1, "flows.get lists the attachment");
    assertMonitor(read.evaluators[0], evaluator, "active");

    const deactivated = await hl.flows.updateMonitoring(created.flowId, {
      deactivate: [{ evaluatorVersionId: evaluator.versionId }],
    });
    assert.equal(deactivated.id, created.flowId);
    assert.equal(deactivated.evaluators.length, 1, "a deactivated monitor is still listed");
    assertMonitor(deactivated.evaluators[0], evaluator, "inactive");
    assert.equal((await hl.flows.get(created.flowId)).evaluators[0].state, "inactive");
  });

  test("an unknown evaluator version -> 422 UnprocessableEntityError, nothing attached", T, async () => {
    const { created } = await openFlowLog("Bad Monitor Flow");
    const err = await expectHlError(
      hl.flows.updateMonitoring(created.flowId, { activate: [{ evaluatorVersionId: uid("evv_missing") }] }),
      422,
    );
    assert.ok(err instanceof UnprocessableEntityError);
    assert.ok(Array.isArray(err.body.detail));
    assert.deepEqual(err.body.detail[0].loc, ["body", "activate", 0, "evaluator_version_id"]);
    const read = await hl.flows.get(created.flowId);
    assert.deepEqual(read.evaluators ?? [], [], "nothing was attached");
  });

  test("an unknown Flow -> HumanloopError 404", T, async () => {
    const evaluator = await lengthEvaluator();
    await expectHlError(monitorFlow(uid("fl_missing"), evaluator), 404);
  });
});

describe("python monitors judging Flow Logs (spec 4.5, 4.6)", () => {
  test("completing a monitored Flow Log creates an evaluator log with the judgment", SLOW, async () => {
    const evaluator = await lengthEvaluator();
    const { created } = await openFlowLog("Judged Flow");
    await monitorFlow(created.flowId, evaluator);

    const done = await hl.flows.updateLog(created.id, { output: "hello world", logStatus: "complete" });
    assert.equal(done.logStatus, "complete");

    const log = await pollEvaluatorLogs(created.id, 1, "python monitor on a completed Flow Log");
    assert.ok("flow" in log && log.flow.id === created.flowId, "still the Flow log");
    const [evLog] = log.evaluatorLogs;
    assertEvaluatorLog(evLog, { parentId: created.id, evaluator });
    assert.equal(evLog.evaluator.spec.evaluatorType, "python");
    assert.equal(evLog.judgment, true, `len("hello world") > 3; evaluator log: ${JSON.stringify(evLog)}`);
    assert.ok(evLog.error == null, `no error expected, got ${evLog.error}`);

    // The evaluator log is a log of its own: logs.get parses it as an EvaluatorLogResponse.
    const alone = await hl.logs.get(evLog.id);
    assert.equal(alone.id, evLog.id);
    assertEvaluatorLog(alone, { parentId: created.id, evaluator });
    assert.equal(alone.judgment, true);
  });

  test("a Flow evaluator sees the trace as log[\"children\"]", SLOW, async () => {
    const children = await hl.evaluators.upsert({ path: evaluatorPath("Children Count"), spec: CHILDREN_SPEC });
    const { created } = await openFlowLog("Children Flow");
    await monitorFlow(created.flowId, children);
    const prompt = await hl.prompts.log({
      path: promptPath("Child Prompt"),
      prompt: PROMPT_KERNEL,
      traceParentId: created.id,
      inputs: { question: "What is 2+2?" },
      output: "4",
    });
    assert.equal(typeof prompt.id, "string");
    await hl.flows.updateLog(created.id, { output: "4", logStatus: "complete" });

    const log = await pollEvaluatorLogs(created.id, 1, "children-counting monitor");
    assert.deepEqual(log.traceChildren.map((c) => c.id), [prompt.id]);
    const [evLog] = log.evaluatorLogs;
    assertEvaluatorLog(evLog, { parentId: created.id, evaluator: children });
    assert.ok(evLog.error == null, `no error expected, got ${evLog.error}`);
    assert.equal(evLog.judgment, 1, "one child in the trace");
    // The child Prompt log is not judged by its Flow's monitor.
    assert.deepEqual(log.traceChildren[0].evaluatorLogs, []);
  });

  test("an evaluator that raises, or returns the wrong type, leaves an error and no judgment", SLOW, async () => {
    const raising = await hl.evaluators.upsert({ path: evaluatorPath("Raising"), spec: RAISING_SPEC });
    const wrongType = await hl.evaluators.upsert({ path: evaluatorPath("Wrong Type"), spec: WRONG_TYPE_SPEC });
    const { created } = await openFlowLog("Failing Monitors Flow");
    await monitorFlow(created.flowId, raising, wrongType);
    await hl.flows.updateLog(created.id, { output: "hello world", logStatus: "complete" });

    const log = await pollEvaluatorLogs(created.id, 2, "failing monitors");
    const byEvaluator = new Map(log.evaluatorLogs.map((e) => [e.evaluator.id, e]));
    assert.equal(byEvaluator.size, 2, "one evaluator log per monitor");

    const raised = byEvaluator.get(raising.id);
    assertEvaluatorLog(raised, { parentId: created.id, evaluator: raising });
    assert.equal(typeof raised.error, "string", `error expected: ${JSON.stringify(raised)}`);
    assert.match(raised.error, /boom/, "the error carries the exception's message");
    assert.ok(raised.judgment == null, `no judgment expected, got ${JSON.stringify(raised.judgment)}`);

    const wrong = byEvaluator.get(wrongType.id);
    assertEvaluatorLog(wrong, { parentId: created.id, evaluator: wrongType });
    assert.equal(typeof wrong.error, "string", `error expected: ${JSON.stringify(wrong)}`);
    assert.match(wrong.error, /boolean/, "the error names the expected return type");
    assert.ok(wrong.judgment == null, `no judgment expected, got ${JSON.stringify(wrong.judgment)}`);
  });

  test("a PATCH to a completed Flow Log runs the monitors again; the earlier evaluator log is kept", SLOW, async () => {
    const evaluator = await lengthEvaluator();
    const { created } = await openFlowLog("Repatched Flow");
    await monitorFlow(created.flowId, evaluator);
    await hl.flows.updateLog(created.id, { output: "hello world", logStatus: "complete" });
    const first = (await pollEvaluatorLogs(created.id, 1, "first run")).evaluatorLogs[0];
    assert.equal(first.judgment, true);

    const patched = await hl.flows.updateLog(created.id, { output: "no" });
    assert.equal(patched.output, "no");
    assert.equal(patched.logStatus, "complete");

    const log = await pollEvaluatorLogs(created.id, 2, "re-run after the PATCH");
    const [kept, rerun] = log.evaluatorLogs;
    assert.equal(kept.id, first.id, "the earlier evaluator log is kept, first");
    assert.equal(kept.judgment, true);
    assertEvaluatorLog(rerun, { parentId: created.id, evaluator });
    assert.notEqual(rerun.id, first.id);
    assert.equal(rerun.judgment, false, 'the re-run judged the patched output ("no" is not longer than 3)');
    assert.ok(ms(rerun.createdAt) >= ms(kept.createdAt), "ordered by creation");
  });

  test("without an active monitor, a completed Flow Log keeps evaluatorLogs []", T, async () => {
    const evaluator = await lengthEvaluator();
    const { created: plain } = await openFlowLog("Unmonitored Flow");
    const { created: off } = await openFlowLog("Deactivated Monitor Flow");
    await monitorFlow(off.flowId, evaluator);
    await hl.flows.updateMonitoring(off.flowId, { deactivate: [{ evaluatorVersionId: evaluator.versionId }] });

    await hl.flows.updateLog(plain.id, { output: "hello world", logStatus: "complete" });
    await hl.flows.updateLog(off.id, { output: "hello world", logStatus: "complete" });
    await sleep(3_000);
    for (const id of [plain.id, off.id]) {
      const log = await hl.logs.get(id);
      assert.equal(log.logStatus, "complete");
      assert.deepEqual(log.evaluatorLogs, [], `${id}: no monitor ran`);
    }
  });
});

describe("judgments posted with evaluators.log (spec 3.7, 4.7)", () => {
  /** A completed Flow Log to judge. */
  async function judgedLog() {
    const { created } = await openFlowLog("Judged By Hand");
    await hl.flows.updateLog(created.id, { output: "4", logStatus: "complete" });
    return created;
  }

  test("an external select judgment is stored on the parent; a later null judgment is kept beside it", T, async () => {
    const parent = await judgedLog();
    const path = evaluatorPath("External Rating");

    const first = await hl.evaluators.log({ parentId: parent.id, path, spec: SELECT_SPEC, judgment: "good" });
    assert.equal(typeof first.id, "string");
    assert.notEqual(first.id, parent.id);
    assert.equal(first.parentId, parent.id);
    assert.equal(typeof first.versionId, "string");

    let log = await hl.logs.get(parent.id);
    assert.equal(log.evaluatorLogs.length, 1, JSON.stringify(log.evaluatorLogs));
    const [stored] = log.evaluatorLogs;
    assert.equal(stored.id, first.id);
    assertEvaluatorFile(stored.evaluator, { path, versionId: first.versionId, spec: SELECT_SPEC });
    assertEvaluatorLog(stored, { parentId: parent.id, evaluator: stored.evaluator });
    assert.equal(stored.judgment, "good");

    // Withdrawing the feedback: a second evaluator log, the first one kept (spec 4.7).
    const second = await hl.evaluators.log({
      parentId: parent.id,
      path,
      spec: SELECT_SPEC,
      judgment: null,
      markedCompleted: true,
    });
    assert.notEqual(second.id, first.id);
    assert.equal(second.parentId, parent.id);
    assert.equal(second.versionId, first.versionId, "the same spec reuses the Evaluator version");

    log = await hl.logs.get(parent.id);
    assert.deepEqual(log.evaluatorLogs.map((e) => e.id), [first.id, second.id], "both kept, ordered by creation");
    const [kept, withdrawn] = log.evaluatorLogs;
    assert.equal(kept.judgment, "good");
    assert.ok(withdrawn.judgment == null, `a null judgment is stored as null, got ${JSON.stringify(withdrawn.judgment)}`);
    assert.equal(withdrawn.markedCompleted, true);
    assertEvaluatorLog(withdrawn, { parentId: parent.id, evaluator: kept.evaluator });
    assert.ok(ms(withdrawn.createdAt) >= ms(kept.createdAt));

    // An evaluator log read on its own is parsed as an EvaluatorLogResponse.
    const alone = await hl.logs.get(first.id);
    assert.equal(alone.id, first.id);
    assert.equal(alone.parentId, parent.id);
    assert.equal(alone.judgment, "good");
    assert.equal(alone.evaluator.spec.evaluatorType, "external");
  });

  test("a judgment that is not one of the options -> rejected with 422, nothing stored", T, async () => {
    const parent = await judgedLog();
    const path = evaluatorPath("External Strict");
    const err = await expectRuntimeError(
      hl.evaluators.log({ parentId: parent.id, path, spec: SELECT_SPEC, judgment: "meh" }),
      422,
    );
    assert.match(err.message, /UnprocessableEntityError/);
    assert.match(err.message, /judgment/);
    const log = await hl.logs.get(parent.id);
    assert.deepEqual(log.evaluatorLogs, []);
  });

  test("an unknown parentId -> rejected with 404", T, async () => {
    await expectRuntimeError(
      hl.evaluators.log({
        parentId: uid("log_missing"),
        path: evaluatorPath("External Orphan"),
        spec: SELECT_SPEC,
        judgment: "good",
      }),
      404,
    );
  });

  test("a human multi_select judgment is stored as a list of option names", T, async () => {
    const parentPrompt = await hl.prompts.log({
      path: promptPath("Reviewed Prompt"),
      prompt: PROMPT_KERNEL,
      inputs: { question: "What is 2+2?" },
      output: "4",
    });
    const spec = {
      argumentsType: "target_free",
      returnType: "multi_select",
      evaluatorType: "human",
      options: [{ name: "a" }, { name: "b" }, { name: "c" }],
      instructions: "Pick every label that applies.",
    };
    const path = evaluatorPath("Human Labels");
    const created = await hl.evaluators.log({ parentId: parentPrompt.id, path, spec, judgment: ["a", "b"] });
    assert.equal(created.parentId, parentPrompt.id);

    const log = await hl.logs.get(parentPrompt.id);
    assert.ok("prompt" in log, "the parent is still a Prompt log");
    assert.equal(log.evaluatorLogs.length, 1);
    const [stored] = log.evaluatorLogs;
    assert.equal(stored.id, created.id);
    assertEvaluatorFile(stored.evaluator, { path, versionId: created.versionId, spec });
    assert.deepEqual(stored.judgment, ["a", "b"]);
  });
});

describe("Prompt monitoring (spec 3.14, 4.5)", () => {
  test("prompts.updateMonitoring, then prompts.log without logStatus is judged", SLOW, async () => {
    const evaluator = await lengthEvaluator();
    const path = promptPath("Monitored Prompt");
    const log = (output) => hl.prompts.log({ path, prompt: PROMPT_KERNEL, inputs: { question: "Hi?" }, output });
    const before = await log("hello before");

    const prompt = await hl.prompts.updateMonitoring(before.promptId, {
      activate: [{ evaluatorVersionId: evaluator.versionId }],
    });
    assert.equal(prompt.id, before.promptId);
    assert.equal(prompt.path, path);
    assert.equal(prompt.type, "prompt");
    assert.equal(prompt.evaluators?.length, 1, `evaluators: ${JSON.stringify(prompt.evaluators)}`);
    assertMonitor(prompt.evaluators[0], evaluator, "active");

    const long = await log("hello there");
    const short = await log("hey");
    const [judgedLong, judgedShort] = await Promise.all([
      pollEvaluatorLogs(long.id, 1, "monitor on a Prompt log"),
      pollEvaluatorLogs(short.id, 1, "monitor on a Prompt log"),
    ]);
    assertEvaluatorLog(judgedLong.evaluatorLogs[0], { parentId: long.id, evaluator });
    assert.equal(judgedLong.evaluatorLogs[0].judgment, true);
    assertEvaluatorLog(judgedShort.evaluatorLogs[0], { parentId: short.id, evaluator });
    assert.equal(judgedShort.evaluatorLogs[0].judgment, false);

    const earlier = await hl.logs.get(before.id);
    assert.deepEqual(earlier.evaluatorLogs, [], "a log from before the activation is not judged");
  });
});
