// Environments and deployments through the official SDK (issue 19; spec 3.12, 3.14, 4.10):
// setDeployment, listEnvironments and removeDeployment of Flows, Prompts and Evaluators; logs and
// reads by environment following a redeployment; a monitor that follows the version of its
// evaluator deployed to an environment.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, RUN, uid, flowPath, expectHlError, expectRuntimeError, BASE_URL, API_KEY } from "../lib/helpers.js";

const hl = makeClient();
const SLOW = { timeout: 120_000 };
const POLL_MS = 90_000;
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

/** Tracevault's own environment API (the SDK has no call for it). */
async function createEnvironment(name) {
  const response = await fetch(`${BASE_URL}/environments`, {
    method: "POST",
    headers: { "X-API-KEY": API_KEY, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

/** The environment named `name` as listEnvironments (strictly shaped FileEnvironmentResponse[]) lists it. */
function named(environments, name) {
  const found = environments.find((e) => e.name === name);
  assert.ok(found, `no environment ${name} in ${JSON.stringify(environments.map((e) => e.name))}`);
  return found;
}

describe("deployments of a Flow (spec 3.12, 4.10)", () => {
  test("deploy v1, log by environment, deploy v2, log again: the logs name v1 then v2", T, async () => {
    const path = flowPath("Deployed Flow");
    const v1 = await hl.flows.upsert({ path, attributes: { version: "v1" } });
    const v2 = await hl.flows.upsert({ path, attributes: { version: "v2" } });
    assert.notEqual(v1.versionId, v2.versionId);

    const before = await hl.flows.listEnvironments(v1.id);
    const production = named(before, "production");
    assert.equal(production.tag, "default");
    assert.ok(production.createdAt instanceof Date, "createdAt parsed as a Date");
    assert.ok(production.file == null, "nothing deployed yet");

    const deployed = await hl.flows.setDeployment(v1.id, production.id, { versionId: v1.versionId });
    assert.equal(deployed.versionId, v1.versionId);
    assert.deepEqual(deployed.environments.map((e) => e.name), ["production"]);

    const first = await hl.flows.log({
      path, environment: "production", inputs: { q: 1 }, output: "one", logStatus: "complete",
    });
    assert.equal(first.versionId, v1.versionId);

    await hl.flows.setDeployment(v1.id, production.id, { versionId: v2.versionId });
    const second = await hl.flows.log({
      path, environment: "production", inputs: { q: 2 }, output: "two", logStatus: "complete",
    });
    assert.equal(second.versionId, v2.versionId);

    const [firstLog, secondLog] = [await hl.logs.get(first.id), await hl.logs.get(second.id)];
    assert.equal(firstLog.flow.versionId, v1.versionId, "the first log names v1");
    assert.equal(secondLog.flow.versionId, v2.versionId, "the second log names v2");
    assert.deepEqual(firstLog.flow.environments, [], "v1 is deployed nowhere now");
    assert.deepEqual(secondLog.flow.environments.map((e) => e.name), ["production"]);

    // reads follow the deployment too, by default and by name
    assert.equal((await hl.flows.get(v1.id)).versionId, v2.versionId);
    assert.equal((await hl.flows.get(v1.id, { environment: "production" })).versionId, v2.versionId);
    const byPath = await hl.files.retrieveByPath({ path, environment: "production" });
    assert.equal(byPath.versionId, v2.versionId);
    assert.equal(byPath.type, "flow");

    const after = await hl.flows.listEnvironments(v1.id);
    assert.equal(named(after, "production").file.versionId, v2.versionId);

    await hl.flows.removeDeployment(v1.id, production.id);
    assert.ok(named(await hl.flows.listEnvironments(v1.id), "production").file == null);
  });

  test("an environment without a deployment of the file, or none of that name, is a 404 naming both", T, async () => {
    const path = flowPath("Undeployed Flow");
    const flow = await hl.flows.upsert({ path, attributes: { version: "v1" } });
    const staging = await createEnvironment(`staging ${uid("env")}`);
    const refused = await expectRuntimeError(
      hl.flows.log({ path, environment: staging.name, inputs: {}, output: "x", logStatus: "complete" }), 404);
    assert.match(refused.message, new RegExp(flow.id));
    await expectRuntimeError(
      hl.flows.log({ path, environment: `nowhere ${RUN}`, inputs: {}, output: "x", logStatus: "complete" }), 404);
    await expectHlError(hl.flows.get(flow.id, { environment: staging.name }), 404);
    await expectHlError(hl.flows.setDeployment(flow.id, `env_nope_${RUN}`, { versionId: flow.versionId }), 404);
    await expectHlError(hl.flows.removeDeployment(flow.id, staging.id), 404);
    await expectHlError(hl.flows.listEnvironments(`fl_nope_${RUN}`), 404);
  });
});

describe("deployments of Prompts (spec 3.16, 4.10)", () => {
  test("prompts.log by environment uses the deployed version; a kernel without one uses its own", T, async () => {
    const path = `sdk-tests/${RUN}/Deployed Prompt ${uid("p")}`;
    const v1 = await hl.prompts.upsert({ path, model: "gpt-4o", template: "v1 {{x}}" });
    const v2 = await hl.prompts.upsert({ path, model: "gpt-4o", template: "v2 {{x}}" });
    const staging = await createEnvironment(`prompt staging ${uid("env")}`);
    await hl.prompts.setDeployment(v1.id, staging.id, { versionId: v1.versionId });
    const logged = await hl.prompts.log({ path, environment: staging.name, inputs: { x: "1" }, output: "o" });
    assert.equal(logged.versionId, v1.versionId);
    const listed = await hl.prompts.listEnvironments(v1.id);
    assert.equal(named(listed, staging.name).file.versionId, v1.versionId);
    assert.equal(named(listed, staging.name).file.type, "prompt");
    assert.equal((await hl.prompts.get(v1.id, { environment: staging.name })).versionId, v1.versionId);
    const byKernel = await hl.prompts.log({ path, prompt: { model: "gpt-4o", template: "v2 {{x}}" }, inputs: { x: "2" }, output: "o" });
    assert.equal(byKernel.versionId, v2.versionId);
  });
});

describe("a monitor following an environment (spec 3.14, 4.4)", () => {
  /** Poll logs.get (strictly parsed) until the log has an evaluator log. */
  async function judged(id) {
    const deadline = Date.now() + POLL_MS;
    for (;;) {
      const log = await hl.logs.get(id);
      if (log.evaluatorLogs.length > 0) {
        assert.equal(log.evaluatorLogs.length, 1, JSON.stringify(log.evaluatorLogs));
        return log.evaluatorLogs[0];
      }
      if (Date.now() > deadline) assert.fail(`log ${id} not judged within ${POLL_MS / 1000} s`);
      await sleep(250);
    }
  }

  test("judges with the evaluator version deployed there, from the next log after a redeployment", SLOW, async () => {
    const evaluatorPath = `sdk-tests/${RUN}/Following ${uid("e")}`;
    const spec = (value) => ({
      argumentsType: "target_free", returnType: "boolean", evaluatorType: "python",
      code: `def evaluate(log):\n    return ${value}`,
    });
    const yes = await hl.evaluators.upsert({ path: evaluatorPath, spec: spec("True") });
    const no = await hl.evaluators.upsert({ path: evaluatorPath, spec: spec("False") });
    const env = await createEnvironment(`monitoring ${uid("env")}`);
    await hl.evaluators.setDeployment(yes.id, env.id, { versionId: yes.versionId });

    const path = flowPath("Monitored By Environment");
    const flow = await hl.flows.upsert({ path, attributes: { monitored: true } });
    const monitored = await hl.flows.updateMonitoring(flow.id, {
      activate: [{ evaluatorId: yes.id, environmentId: env.id }],
    });
    const [monitor] = monitored.evaluators;
    assert.equal(monitor.versionReference.type, "environment");
    assert.equal(monitor.versionReference.environment.id, env.id);
    assert.equal(monitor.versionReference.environment.name, env.name);
    assert.equal(monitor.versionReference.file.versionId, yes.versionId);

    const first = await hl.flows.log({ path, inputs: { n: 1 }, output: "first", logStatus: "complete" });
    const firstJudgment = await judged(first.id);
    assert.equal(firstJudgment.evaluator.versionId, yes.versionId);
    assert.equal(firstJudgment.judgment, true);

    await hl.evaluators.setDeployment(yes.id, env.id, { versionId: no.versionId });
    const second = await hl.flows.log({ path, inputs: { n: 2 }, output: "second", logStatus: "complete" });
    const secondJudgment = await judged(second.id);
    assert.equal(secondJudgment.evaluator.versionId, no.versionId, "the redeployed version judges the next log");
    assert.equal(secondJudgment.judgment, false);
    // the first log keeps the judgment of the version deployed when it was judged
    assert.equal((await judged(first.id)).evaluator.versionId, yes.versionId);
  });
});
