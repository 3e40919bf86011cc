// The fault test, against a loopback cluster started by cluster.sh (fault-test.sh runs both):
// steady write load through the front, kill -9 of one instance in the middle, then
//   1. every write acknowledged before or after the kill is readable with its acknowledged content,
//   2. every completed log got its evaluations exactly once (one Evaluator Log per monitor, in the
//      read model and in the event store),
//   3. the read model the cluster built through the kill equals a fresh replay of the event store,
//      byte for byte (every log and file, read again after POST /v5/admin/replay).
// Plain Node.js 20+ (fetch), no packages. Exits 0 when every check passed.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";

const CLUSTER = new URL("./cluster.sh", import.meta.url).pathname;
const LOAD_SECONDS = Number(process.env.FAULT_LOAD_SECONDS ?? 60);
const KILL_AFTER = Number(process.env.FAULT_KILL_AFTER ?? 20);
const WORKERS = Number(process.env.FAULT_WORKERS ?? 4);
const CHAINS_PER_SECOND = Number(process.env.FAULT_RATE ?? 6);
const EVALUATION_WAIT = Number(process.env.FAULT_EVALUATION_WAIT ?? 240);

const env = Object.fromEntries(execFileSync(CLUSTER, ["env"], { encoding: "utf8" }).trim().split("\n")
  .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
const FRONT = env.TRACEVAULT_URL;
const KEY = env.TRACEVAULT_API_KEY;
const RUN = Date.now().toString(36);
const started = Date.now();
const failures = [];

const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s]`, ...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cluster = (...args) =>
  execFileSync(CLUSTER, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const fail = (message) => {
  failures.push(message);
  if (failures.length <= 30) console.log("  FAIL:", message);
};
function instances() {
  return readFileSync(`${env.TRACEVAULT_CLUSTER_DIR}/instances`, "utf8").trim().split("\n").map((line) => {
    const [name, roles, port, pid] = line.split(" ");
    return { name, roles: roles.split(","), port, pid };
  });
}

async function send(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "X-API-KEY": KEY, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  return { status: response.status, text };
}

const stats = { requests: 0, retries: 0, transient: {} };

/**
 * A request that is retried, as the SDK retries, while no instance answers or one answers 502, 503
 * or 504 (the front's fail-over takes care of the rest). A retry repeats the same request: with its
 * client log_id a create is idempotent, and a PATCH that changes nothing adds nothing.
 */
async function call(method, path, body, { base = FRONT, patience = 90_000 } = {}) {
  const until = Date.now() + patience;
  for (let attempt = 1; ; attempt++) {
    stats.requests++;
    let outcome;
    try {
      outcome = await send(base, method, path, body);
    } catch (error) {
      outcome = { status: 0, text: String(error.cause?.code ?? error.name ?? error) };
    }
    if (![0, 502, 503, 504].includes(outcome.status) || Date.now() > until) {
      outcome.json = outcome.text.startsWith("{") ? JSON.parse(outcome.text) : undefined;
      return outcome;
    }
    const key = outcome.status === 0 ? outcome.text : outcome.status;
    stats.transient[key] = (stats.transient[key] ?? 0) + 1;
    stats.retries++;
    await sleep(Math.min(2000, 100 * attempt));
  }
}

async function mustCall(method, path, body, options) {
  const outcome = await call(method, path, body, options);
  if (outcome.status < 200 || outcome.status > 299) {
    throw new Error(`${method} ${path} answered ${outcome.status}: ${outcome.text.slice(0, 500)}`);
  }
  return outcome.json;
}

// ---- set-up: a Flow with a python monitoring evaluator -------------------------------------------
log(`front ${FRONT}; instances ${instances().map((i) => `${i.name}(${i.roles})`).join(", ")}`);
const evaluator = await mustCall("POST", "/evaluators", {
  path: `fault-${RUN}/Always`,
  spec: { arguments_type: "target_free", return_type: "boolean", evaluator_type: "python",
    code: "def evaluate(log):\n    return log['output'].startswith('done')" },
});
const setup = await mustCall("POST", "/flows/log", {
  path: `fault-${RUN}/Flow`, log_id: `ft-${RUN}-setup`, flow: { attributes: { version: "v1" } },
  inputs: { question: "set-up" }, output: "set-up, before any monitor",
});
await mustCall("POST", `/flows/${setup.flow_id}/evaluators`,
  { activate: [{ evaluator_version_id: evaluator.version_id }] });
log(`evaluator ${evaluator.id} monitors flow ${setup.flow_id}`);

// ---- load: create a Flow Log, log a Prompt child, complete the Flow Log --------------------------
const chains = [];
let killedAt = null;
let killed = null;

async function chain(worker, index) {
  const id = `ft-${RUN}-${worker}-${index}`;
  const entry = { id, promptId: `${id}-p`, acks: {}, unacknowledged: [] };
  chains.push(entry);
  const inputs = { question: `what is ${worker} + ${index}?`, worker, index };
  const steps = [
    ["created", "POST", "/flows/log", { path: `fault-${RUN}/Flow`, log_id: id, flow: { attributes: { version: "v1" } },
      inputs, log_status: "incomplete" }],
    ["prompt", "POST", "/prompts/log", { path: `fault-${RUN}/Prompt`, log_id: entry.promptId,
      prompt: { model: "gpt-4o", temperature: 0 }, trace_parent_id: id, inputs,
      output: `${worker + index}`, prompt_tokens: 12, output_tokens: 1 }],
    ["completed", "PATCH", `/flows/logs/${encodeURIComponent(id)}`, { output: `done: ${worker + index}`,
      log_status: "complete" }],
  ];
  for (const [step, method, path, body] of steps) {
    const outcome = await call(method, path, body);
    if (outcome.status !== 200) {
      entry.unacknowledged.push(`${step}: ${outcome.status} ${outcome.text.slice(0, 200)}`);
      if (![0, 502, 503, 504].includes(outcome.status)) {
        fail(`${method} ${path} answered ${outcome.status}: ${outcome.text.slice(0, 300)}`);
      }
      return;
    }
    entry.acks[step] = { body, answer: outcome.json, afterKill: killedAt !== null };
  }
}

async function worker(n) {
  const interval = (1000 * WORKERS) / CHAINS_PER_SECOND;
  for (let index = 0; Date.now() - loadStart < LOAD_SECONDS * 1000; index++) {
    const begun = Date.now();
    await chain(n, index);
    await sleep(Math.max(0, interval - (Date.now() - begun)));
  }
}

async function killOne() {
  await sleep(KILL_AFTER * 1000);
  // A command-side instance that holds an asynchronous processor's segment (the log documents are
  // projected by every write itself). One that holds none proves nothing.
  const processors = ["analytics", "EvaluationSagaProcessor"];
  const ownerOf = (p) => { try { return cluster("owner", p); } catch { return ""; } }; // none: exit 1
  const owners = Object.fromEntries(processors.map((p) => [p, ownerOf(p)]));
  const writers = instances().filter((i) => i.roles.includes("write"));
  killed = writers.find((i) => Object.values(owners).includes(i.name)) ?? writers[0];
  const held = processors.filter((p) => owners[p] === killed.name);
  if (held.length === 0) fail(`the instance killed, ${killed.name}, held no segment: ${JSON.stringify(owners)}`);
  log(`kill -9 ${killed.name} (pid ${killed.pid}; it holds the segments of: ${held.join(", ") || "none"}) under load`);
  cluster("kill", killed.name);
  killedAt = Date.now();
}

const loadStart = Date.now();
log(`load: ${WORKERS} writers, ~${CHAINS_PER_SECOND} traces/s for ${LOAD_SECONDS}s; kill after ${KILL_AFTER}s`);
await Promise.all([...Array.from({ length: WORKERS }, (_, n) => worker(n)), killOne()]);
const acked = (step, afterKill) => chains.filter((c) => c.acks[step] && c.acks[step].afterKill === afterKill).length;
log(`load done: ${chains.length} traces; acknowledged before/after the kill: created ${acked("created", false)}/`
  + `${acked("created", true)}, prompt ${acked("prompt", false)}/${acked("prompt", true)}, completed `
  + `${acked("completed", false)}/${acked("completed", true)}; never acknowledged: `
  + `${chains.filter((c) => c.unacknowledged.length).length}`);
log(`requests ${stats.requests}, retried ${stats.retries}: ${JSON.stringify(stats.transient)}`);
if (acked("completed", false) === 0) fail("no trace was completed before the kill");
if (acked("completed", true) === 0) fail("no trace was completed after the kill: writes did not survive it");

// ---- 1. every acknowledged write is readable with its acknowledged content -----------------------
async function pool(items, size, task) {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

const get = (path, base) => call("GET", path, undefined, { base });
await pool(chains, 8, async (c) => {
  if (!c.acks.created) return;
  const flow = await get(`/logs/${encodeURIComponent(c.id)}`);
  if (flow.status !== 200) return fail(`${c.id}: acknowledged, but GET answered ${flow.status} ${flow.text}`);
  const log = flow.json;
  if (!isDeepStrictEqual(log.inputs, c.acks.created.body.inputs)) fail(`${c.id}: inputs ${JSON.stringify(log.inputs)}`);
  if (c.acks.completed) {
    if (log.log_status !== "complete" || log.output !== c.acks.completed.body.output) {
      fail(`${c.id}: completion acknowledged, but status ${log.log_status}, output ${JSON.stringify(log.output)}`);
    }
  } else if (log.log_status !== "incomplete" && log.log_status !== "complete") {
    fail(`${c.id}: status ${log.log_status}`);
  }
  if (c.acks.prompt) {
    const child = (log.trace_children ?? []).find((child) => child.id === c.promptId);
    if (!child || child.output !== c.acks.prompt.body.output) {
      fail(`${c.id}: trace children ${JSON.stringify(log.trace_children)}`);
    }
    const prompt = await get(`/logs/${encodeURIComponent(c.promptId)}`);
    if (prompt.status !== 200 || prompt.json.output !== c.acks.prompt.body.output
        || prompt.json.trace_parent_id !== c.id || prompt.json.trace_id !== c.id) {
      fail(`${c.promptId}: acknowledged, but GET answered ${prompt.status} ${prompt.text.slice(0, 300)}`);
    }
  }
});
const readable = chains.filter((c) => c.acks.created).length;
log(`check 1: ${readable} acknowledged traces read back through the front`);

// ---- 2. every completed log got its evaluations exactly once -------------------------------------
const completed = chains.filter((c) => c.acks.completed);
const evaluatorLogs = async (id) => {
  const answer = await get(`/logs/${encodeURIComponent(id)}`);
  if (answer.status !== 200) fail(`${id}: GET answered ${answer.status} while waiting for its evaluations`);
  return answer.status === 200 ? answer.json.evaluator_logs ?? [] : null;
};
let waiting = completed;
const evaluationDeadline = Date.now() + EVALUATION_WAIT * 1000;
while (waiting.length > 0 && Date.now() < evaluationDeadline) {
  const still = [];
  await pool(waiting, 8, async (c) => {
    if ((await evaluatorLogs(c.id))?.length === 0) still.push(c);
  });
  waiting = still;
  if (waiting.length > 0) {
    log(`  waiting for the evaluations of ${waiting.length} logs`);
    await sleep(3000);
  }
}
for (const c of waiting) fail(`${c.id}: completed, never judged within ${EVALUATION_WAIT}s`);
await sleep(5000); // anything judged twice would show up by now
let judgments = 0;
const expectations = [{ id: setup.id, expected: 0 }, ...completed.map((c) => ({ id: c.id, expected: 1 }))];
await pool(expectations, 8, async ({ id, expected }) => {
  const logs = await evaluatorLogs(id);
  if (logs === null) return;
  if (logs.length !== expected) {
    return fail(`${id}: ${logs.length} evaluator logs, expected ${expected}: ${JSON.stringify(logs).slice(0, 500)}`);
  }
  for (const e of logs) {
    if (e.judgment !== true || e.error) fail(`${id}: judgment ${JSON.stringify(e.judgment)}, error ${e.error}`);
    else judgments++;
  }
});
// The event store too: one EvaluatorLogCreated per judged log, none twice, no run left behind.
const sql = (query) => execFileSync("psql", ["-X", "-At", "-d", env.TRACEVAULT_CLUSTER_DB, "-c", query],
  { encoding: "utf8" }).trim();
const stored = new Map(sql(`select convert_from(payload, 'UTF8')::json ->> 'parentId', count(*)
    from domain_event_entry where payload_type like '%EvaluatorLogCreated' group by 1`)
  .split("\n").filter(Boolean).map((line) => line.split("|")).map(([parent, n]) => [parent, Number(n)]));
for (const [parent, n] of stored) if (n !== 1) fail(`${parent}: ${n} EvaluatorLogCreated events in the store`);
for (const c of completed) {
  if (stored.get(c.id) !== 1) fail(`${c.id}: ${stored.get(c.id) ?? 0} EvaluatorLogCreated events`);
}
const jobsLeft = Number(sql("select count(*) from evaluation_job"));
if (jobsLeft !== 0) fail(`${jobsLeft} evaluator runs left in evaluation_job`);
log(`check 2: ${completed.length} completed logs, ${judgments} judged exactly once (${stored.size} `
  + `Evaluator Logs in the store, ${jobsLeft} runs left)`);

// ---- 3. the read model equals a fresh replay ------------------------------------------------------
const promptFile = chains.find((c) => c.acks.prompt)?.acks.prompt.answer.prompt_id;
const paths = [`/logs/${setup.id}`, `/flows/${setup.flow_id}`, `/prompts/${promptFile}`, `/evaluators/${evaluator.id}`];
for (const c of chains) paths.push(`/logs/${encodeURIComponent(c.id)}`, `/logs/${encodeURIComponent(c.promptId)}`);
async function snapshot(base) {
  const answers = new Map();
  await pool(paths, 8, async (path) => {
    const answer = await get(path, base);
    answers.set(path, `${answer.status} ${answer.text}`);
  });
  return answers;
}
function compare(label, expected, actual) {
  let differences = 0;
  for (const [path, before] of expected) {
    if (actual.get(path) !== before) {
      differences++;
      if (differences <= 3) {
        fail(`${label}: ${path}\n    before: ${before.slice(0, 600)}\n    after:  ${actual.get(path)?.slice(0, 600)}`);
      }
    }
  }
  if (differences > 3) fail(`${label}: ${differences} answers differ in all`);
  return differences;
}

const built = await snapshot(FRONT);
log(`check 3: ${built.size} answers of the cluster's read model taken; stopping the cluster for a replay`);
// A replay needs every segment of the projection: it runs alone, in a fresh instance of all roles.
for (const i of instances()) if (i.name !== killed.name) cluster("stop-instance", i.name);
const port = cluster("start-instance", "replay", "write,read,processors").split("\n").pop();
const solo = `http://127.0.0.1:${port}/v5`;
compare("a fresh instance before the replay", built, await snapshot(solo));
await mustCall("POST", "/admin/replay", undefined, { base: solo });
const replayDeadline = Date.now() + 120_000;
let replay;
do {
  await sleep(500);
  replay = await mustCall("GET", "/admin/replay", undefined, { base: solo });
} while (replay.state === "running" && Date.now() < replayDeadline);
if (replay.state !== "done") fail(`the replay did not finish: ${JSON.stringify(replay)}`);
const replayed = await snapshot(solo);
const differences = compare("after a fresh replay", built, replayed);
log(`check 3: replay ${replay.state} (${JSON.stringify(replay.projections)}); ${replayed.size} answers compared, `
  + `${differences} differ`);

console.log(failures.length === 0
  ? `fault test: ${readable} traces written through a kill -9 of ${killed.name}; all checks passed`
  : `fault test: ${failures.length} failures`);
process.exit(failures.length === 0 ? 0 : 1);
