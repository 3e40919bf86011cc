// ChatMessage round trips (content arrays, image_url, tool_calls, tool messages). Spec 2.2, 5.2, 3.1, 3.2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClient, T, flowPath, uid } from "../lib/helpers.js";

const hl = makeClient();

// The SDK's camelCase view of the spec 5.2 example payload.
const MESSAGES = [
    {
        role: "user",
        content: [
            { type: "text", text: "hi" },
            { type: "image_url", imageUrl: { url: "http://x/y.png", detail: "low" } },
        ],
    },
];
const TOOL_CALL_MESSAGE = {
    role: "assistant",
    content: null,
    toolCalls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
};

/** content null and content absent are the same thing for an assistant message carrying tool calls. */
function normalize(message) {
    const { content, ...rest } = message;
    return content == null ? rest : { content, ...rest };
}

test("flows.log stores messages with content arrays and outputMessage with tool_calls", T, async () => {
    const created = await hl.flows.log({
        path: flowPath("Messages Flow"),
        flow: { attributes: { v: 1 } },
        inputs: { a: 1 },
        logStatus: "complete",
        messages: MESSAGES,
        outputMessage: TOOL_CALL_MESSAGE,
        logId: uid("msg"),
    });
    assert.equal(created.logStatus, "complete", "output_message satisfies the completion rule");

    const log = await hl.logs.get(created.id);
    assert.deepEqual(log.messages, MESSAGES);
    assert.deepEqual(normalize(log.outputMessage), normalize(TOOL_CALL_MESSAGE));
    assert.ok(log.output == null, "output was not sent");
});

test("flows.updateLog replaces messages and outputMessage and they round-trip", T, async () => {
    const created = await hl.flows.log({
        path: flowPath("Messages Patch"),
        flow: { attributes: { v: 1 } },
        inputs: { city: "Paris" },
        logStatus: "incomplete",
        messages: [{ role: "user", content: "Weather in Paris?" }],
    });

    const conversation = [
        { role: "system", content: "You are a weather bot." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
        {
            role: "assistant",
            content: "",
            toolCalls: [
                { id: "call_w1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            ],
        },
        { role: "tool", content: '{"temp_c": 21}', toolCallId: "call_w1", name: "get_weather" },
    ];
    const answer = {
        role: "assistant",
        content: [
            { type: "text", text: "It is 21°C in Paris." },
            { type: "image_url", imageUrl: { url: "https://example.invalid/sun.png", detail: "auto" } },
        ],
    };

    const updated = await hl.flows.updateLog(created.id, {
        messages: conversation,
        outputMessage: answer,
        logStatus: "complete",
    });
    assert.equal(updated.logStatus, "complete", "output_message alone satisfies the completion rule");
    assert.deepEqual(updated.messages, conversation);
    assert.deepEqual(updated.outputMessage, answer);

    const log = await hl.logs.get(created.id);
    assert.equal(log.logStatus, "complete");
    assert.deepEqual(log.messages, conversation);
    assert.deepEqual(log.outputMessage, answer);
    assert.deepEqual(log.inputs, { city: "Paris" });
});
