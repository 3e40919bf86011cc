// Shared helpers for the Tracevault <-> official Humanloop SDK compatibility tests.
// Not a test file: node --test only picks up files under test/ (and *.test.js).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach } from "node:test";
import { HumanloopClient, HumanloopError, Humanloop } from "humanloop";

function requireEnv(name, example) {
    const value = process.env[name];
    if (value === undefined || value.trim() === "") {
        throw new Error(
            `Environment variable ${name} is not set. ` +
                `The SDK compatibility tests need HL_BASE_URL (e.g. http://127.0.0.1:18123/v5) ` +
                `and HL_API_KEY (the server's TRACEVAULT_API_KEY). Example: ${name}=${example}`,
        );
    }
    return value.trim();
}

export const BASE_URL = requireEnv("HL_BASE_URL", "http://127.0.0.1:18123/v5");
export const API_KEY = requireEnv("HL_API_KEY", "dev-key");

/** Per-test options: generous enough for one SDK retry cycle, short enough to fail fast. */
export const T = { timeout: 30_000 };

export { HumanloopError, Humanloop };
export const UnprocessableEntityError = Humanloop.UnprocessableEntityError;

// ---------------------------------------------------------------------------------------------
// Hidden-retry guard. The SDK silently retries 408, 429 and every 5xx (spec 1.6), so a server
// that fails once and then succeeds would go unnoticed. Node 20's SDK uses the global fetch,
// looked up on every call, so we wrap it and record every such response. Each test file that
// imports this module gets a beforeEach/afterEach pair that fails the test if one was seen.
// ---------------------------------------------------------------------------------------------
const RETRYABLE = (status) => status === 408 || status === 429 || status >= 500;
const retryableSeen = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async function guardedFetch(input, init) {
    const response = await realFetch(input, init);
    if (RETRYABLE(response.status)) {
        let text = "";
        try {
            text = await response.clone().text();
        } catch {
            text = "<unreadable body>";
        }
        retryableSeen.push({
            method: init?.method ?? "GET",
            url: String(input),
            requestBody: typeof init?.body === "string" ? init.body : init?.body === undefined ? "" : "<non-string body>",
            status: response.status,
            responseBody: text.slice(0, 2000),
        });
    }
    return response;
};

let seenAtStart = 0;
beforeEach(() => {
    seenAtStart = retryableSeen.length;
});
afterEach(() => {
    const fresh = retryableSeen.slice(seenAtStart);
    if (fresh.length > 0) {
        const lines = fresh.map(
            (r) => `${r.method} ${r.url} ${r.requestBody} -> ${r.status} ${r.responseBody}`,
        );
        throw new Error(
            `the server answered ${fresh.length} request(s) with a status the SDK retries ` +
                `(408/429/5xx); the SDK hid it by retrying (spec 1.6). A retried POST that had already ` +
                `committed creates a duplicate log unless a log_id was sent (spec 4.8):\n  ${lines.join("\n  ")}`,
        );
    }
});

/** The extended client, exactly as an application would build it. */
export function makeClient(apiKey = API_KEY) {
    return new HumanloopClient({ apiKey, baseUrl: BASE_URL });
}

/** One random suffix per test-file run, so reruns against the same database never collide. */
export const RUN = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

let counter = 0;
/** A fresh unique token (for paths and client log ids). */
export function uid(prefix = "t") {
    counter += 1;
    return `${prefix}-${RUN}-${counter}`;
}

/** A unique Flow path inside the sdk-tests directory. */
export function flowPath(name) {
    return `sdk-tests/${RUN}/${name} ${uid("f")}`;
}

/** Milliseconds since the epoch of a Date or an ISO string (the SDK parses datetimes into Date). */
export function ms(value) {
    assert.ok(value !== undefined && value !== null, `expected a datetime, got ${value}`);
    const t = value instanceof Date ? value.getTime() : new Date(value).getTime();
    assert.ok(!Number.isNaN(t), `not a valid datetime: ${value}`);
    return t;
}

/**
 * Await a promise that must reject with a raw HumanloopError carrying `status`
 * (updateLog, logs.get and flows.get are not wrapped by the extended client).
 * Returns the error for further assertions.
 */
export async function expectHlError(promise, status) {
    let caught;
    try {
        const value = await promise;
        assert.fail(`expected HumanloopError ${status}, but the call succeeded with ${JSON.stringify(value)}`);
    } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        caught = e;
    }
    assert.ok(
        caught instanceof HumanloopError,
        `expected a HumanloopError, got ${caught?.constructor?.name}: ${caught?.message}`,
    );
    assert.equal(caught.statusCode, status, `unexpected status; error was: ${caught.message}`);
    assert.ok(caught.body !== null && typeof caught.body === "object", "error body must be a JSON object");
    assert.notEqual(caught.body.ok, false, `error body was not JSON: ${JSON.stringify(caught.body)}`);
    assert.ok("detail" in caught.body, `error body must carry "detail": ${JSON.stringify(caught.body)}`);
    return caught;
}

/**
 * Await a promise from an extended-client *.log call that must fail. The extended client rethrows
 * every error as HumanloopRuntimeError(String(original)), so only the message is left (spec 1.7).
 */
export async function expectRuntimeError(promise, status) {
    let caught;
    try {
        const value = await promise;
        assert.fail(`expected the call to fail with ${status}, but it succeeded with ${JSON.stringify(value)}`);
    } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        caught = e;
    }
    assert.equal(caught?.constructor?.name, "HumanloopRuntimeError", `unexpected error type: ${caught}`);
    assert.match(caught.message, new RegExp(`Status code: ${status}\\b`), `unexpected message: ${caught.message}`);
    return caught;
}

/** Assert that a FlowResponse-shaped object (nested in a log, or from flows.get) is complete and consistent. */
export function assertFlowFile(flow, { path, id, versionId, attributes }) {
    assert.ok(flow && typeof flow === "object", "flow object missing");
    assert.equal(flow.path, path);
    assert.equal(flow.id, id);
    assert.equal(flow.versionId, versionId);
    assert.deepEqual(flow.attributes, attributes);
    assert.equal(flow.name, path.split("/").pop(), "name is the last path segment");
    assert.equal(flow.type, "flow");
    assert.equal(typeof flow.versionLogsCount, "number");
    ms(flow.createdAt);
    ms(flow.updatedAt);
    ms(flow.lastUsedAt);
}
