// The SDK's decorators end to end (spec 5.4): hl.flow opens its Flow Log with flows.log, and
// everything else -- the tool and prompt logs, and the Flow Log's completion -- goes to
// /v5/import/otel/v1/traces as OpenTelemetry spans, one request per span, not awaited by the app.
// hl.prompt records the calls of the OpenAI client it instruments; a local stand-in answers them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { OpenAI } from "openai";
import { HumanloopClient } from "humanloop";
import { API_KEY, BASE_URL, T, RUN, uid, flowPath, ms } from "../lib/helpers.js";

// The SDK's tracer is a process-wide singleton made by the first client: this one, with OpenAI.
const hl = new HumanloopClient({ apiKey: API_KEY, baseUrl: BASE_URL, instrumentProviders: { OpenAI } });

const toolPath = (name) => `sdk-tests/${RUN}/${name} ${uid("t")}`;
const promptPath = (name) => `sdk-tests/${RUN}/${name} ${uid("p")}`;

// ---------------------------------------------------------------------------------------------
// What the decorators send: the exporter's fetch calls are fire-and-forget, so the test keeps
// them (and the Flow Logs flows.log opened) to wait for them and to know the logs' ids.
// ---------------------------------------------------------------------------------------------
const exports = [];
const openedFlows = [];
const innerFetch = globalThis.fetch;
globalThis.fetch = function recordingFetch(input, init) {
    const pending = innerFetch(input, init);
    const url = String(input);
    if (url.endsWith("/import/otel/v1/traces")) {
        exports.push(pending.then(async (response) => ({ status: response.status, body: await response.clone().text() })));
    } else if (url.endsWith("/flows/log")) {
        openedFlows.push(pending.then((response) => response.clone().json()));
    }
    return pending;
};

/** Waits for every span sent so far; each must have been answered 200 with its log id in records[0]. */
async function spansStored() {
    const answers = await Promise.all(exports.splice(0));
    const ids = [];
    for (const answer of answers) {
        assert.equal(answer.status, 200, `span export answered ${answer.status}: ${answer.body}`);
        const body = JSON.parse(answer.body);
        assert.equal(typeof body.records[0], "string", `records[0] is the log id: ${answer.body}`);
        ids.push(body.records[0]);
    }
    return ids;
}

async function flowLogIds() {
    return (await Promise.all(openedFlows.splice(0))).map((created) => created.id);
}

// ---------------------------------------------------------------------------------------------
// A stand-in for the OpenAI API: answers every chat completion with the last user message's sum.
// ---------------------------------------------------------------------------------------------
const providerRequests = [];
const provider = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
        const request = JSON.parse(body);
        providerRequests.push(request);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({
            id: `chatcmpl-${providerRequests.length}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: `${request.model}-2024-07-18`,
            choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "4" } }],
            usage: { prompt_tokens: 21, completion_tokens: 1, total_tokens: 22 },
        }));
    });
});
let openai;

before(async () => {
    await new Promise((resolve) => provider.listen(0, "127.0.0.1", resolve));
    openai = new OpenAI({ apiKey: "sk-stand-in", baseURL: `http://127.0.0.1:${provider.address().port}/v1` });
});
after(() => provider.close());

const CALCULATOR = {
    function: {
        name: "calculator",
        description: "Adds two numbers",
        parameters: {
            type: "object",
            properties: { a: { type: "number" }, b: { type: "number" } },
            required: ["a", "b"],
        },
    },
};

function decoratedTool(path) {
    return hl.tool({ path, version: CALCULATOR, callable: async ({ a, b }) => a + b });
}

function decoratedPrompt(path) {
    return hl.prompt({
        path,
        callable: async ({ question }) => {
            const completion = await openai.chat.completions.create({
                model: "gpt-4o-mini",
                temperature: 0.2,
                max_tokens: 50,
                messages: [
                    { role: "system", content: "Answer with a number." },
                    { role: "user", content: question },
                ],
            });
            return completion.choices[0].message.content;
        },
    });
}

describe("decorators", () => {
    test("a decorated flow calling a decorated tool and prompt is one complete trace", T, async () => {
        const paths = { flow: flowPath("Decorated Flow"), tool: toolPath("Calculator"), prompt: promptPath("Answer") };
        const calculator = decoratedTool(paths.tool);
        const answer = decoratedPrompt(paths.prompt);
        const agent = hl.flow({
            path: paths.flow,
            attributes: { version: "v1" },
            callable: async ({ question }) => {
                const sum = await calculator({ a: 2, b: 2 });
                const text = await answer({ question });
                return `${text} (checked: ${sum})`;
            },
        });

        const startedAt = Date.now();
        assert.equal(await agent({ question: "What is 2+2?" }), "4 (checked: 4)");
        const [flowLogId] = await flowLogIds();
        const stored = await spansStored();
        assert.equal(stored.length, 3, "a span for the tool, the provider call and the flow");
        assert.ok(stored.includes(flowLogId), "the flow's span answers with the Flow Log it completed");
        assert.equal(providerRequests.length, 1);

        const log = await hl.logs.get(flowLogId);
        assert.equal(log.logStatus, "complete");
        assert.equal(log.output, "4 (checked: 4)");
        assert.deepEqual(log.inputs, { question: "What is 2+2?" });
        assert.equal(log.flow.path, paths.flow);
        assert.deepEqual(log.flow.attributes, { version: "v1" });
        assert.equal(log.traceId, flowLogId);
        assert.ok(ms(log.startTime) >= startedAt - 5_000 && ms(log.endTime) >= ms(log.startTime));

        const children = log.traceChildren;
        assert.deepEqual(children.map((child) => ("tool" in child ? "tool" : "prompt" in child ? "prompt" : "?")),
            ["tool", "prompt"], "the tool ran first, then the prompt");
        const [tool, prompt] = children;
        for (const child of children) {
            assert.ok(stored.includes(child.id));
            assert.equal(child.traceParentId, flowLogId);
            assert.equal(child.traceId, flowLogId);
            assert.deepEqual(child.evaluatorLogs, []);
            assert.ok(ms(child.startTime) >= ms(log.startTime) && ms(child.endTime) <= ms(log.endTime),
                "a child's span lies within the flow's");
        }
        assert.equal(tool.tool.path, paths.tool);
        assert.equal(tool.tool.function.name, "calculator");
        assert.deepEqual(tool.tool.function.parameters.required, ["a", "b"]);
        assert.deepEqual(tool.inputs, { a: 2, b: 2 });
        assert.equal(tool.output, "4");

        assert.equal(prompt.prompt.path, paths.prompt);
        assert.equal(prompt.prompt.model, "gpt-4o-mini");
        assert.equal(prompt.prompt.provider, "openai");
        assert.equal(prompt.prompt.temperature, 0.2);
        assert.equal(prompt.prompt.maxTokens, 50);
        assert.deepEqual(prompt.messages, [
            { role: "system", content: "Answer with a number." },
            { role: "user", content: "What is 2+2?" },
        ]);
        assert.deepEqual(prompt.outputMessage, { role: "assistant", content: "4" });
        assert.equal(prompt.output, "4");
        assert.equal(prompt.promptTokens, 21);
        assert.equal(prompt.outputTokens, 1);
        assert.equal(prompt.finishReason, "stop");
    });

    test("errors raised in decorated functions are the logs' errors", T, async () => {
        const broken = hl.tool({
            path: toolPath("Broken Tool"),
            version: CALCULATOR,
            callable: async () => {
                throw new Error("the tool broke");
            },
        });
        const agent = hl.flow({
            path: flowPath("Failing Flow"),
            callable: async () => {
                await broken({ a: 1, b: 1 });
                throw new Error("no answer");
            },
        });
        const errors = [];
        const consoleError = console.error;
        console.error = (...args) => errors.push(args); // the decorators report what they catch
        try {
            assert.equal(await agent({ question: "?" }), undefined, "the flow decorator swallows the error");
        } finally {
            console.error = consoleError;
        }
        assert.equal(errors.length, 2);
        const [flowLogId] = await flowLogIds();
        await spansStored();

        const log = await hl.logs.get(flowLogId);
        assert.equal(log.logStatus, "complete");
        assert.equal(log.error, "no answer");
        assert.equal(log.output, undefined);
        assert.equal(log.traceChildren.length, 1);
        assert.equal(log.traceChildren[0].error, "the tool broke");
        assert.deepEqual(log.traceChildren[0].inputs, { a: 1, b: 1 });
    });

    test("a decorated flow inside another is a nested Flow Log with its own children", T, async () => {
        const calculator = decoratedTool(toolPath("Inner Calculator"));
        const inner = hl.flow({
            path: flowPath("Inner Flow"),
            callable: async ({ a }) => String(await calculator({ a, b: 1 })),
        });
        const outer = hl.flow({
            path: flowPath("Outer Flow"),
            callable: async () => `${await inner({ a: 1 })} and ${await inner({ a: 2 })}`,
        });
        assert.equal(await outer({ question: "nested?" }), "2 and 3");
        const [outerId, firstInnerId, secondInnerId] = await flowLogIds();
        assert.equal((await spansStored()).length, 5, "two tools, two inner flows, the outer flow");

        const log = await hl.logs.get(outerId);
        assert.equal(log.logStatus, "complete");
        assert.deepEqual(log.traceChildren.map((child) => child.id), [firstInnerId, secondInnerId]);
        for (const [i, child] of log.traceChildren.entries()) {
            assert.ok("flow" in child);
            assert.equal(child.logStatus, "complete");
            assert.equal(child.output, String(i + 2));
            assert.equal(child.traceId, outerId);
            assert.equal(child.traceChildren.length, 1);
            assert.equal(child.traceChildren[0].output, String(i + 2));
            assert.equal(child.traceChildren[0].traceParentId, child.id);
        }
    });
});
