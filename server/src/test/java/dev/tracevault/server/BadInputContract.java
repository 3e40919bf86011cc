package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracevault.server.support.Api;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The bad-input corpus (issue 22, rows 1, 2, 3 and 9, and every field of every write endpoint): each
 * case is refused with a 4xx in the JSON error shape naming the field, and then nothing is stored
 * (no event, no waiting span, the fixture log's history and its file's listing unchanged); or it is
 * accepted, and the log is then read, listed, in its history, exported and counted in the stats
 * without harm. One table of cases, run on each database.
 *
 * <p>Bodies name fixtures by placeholder: {@code {run}} (a fresh id per case), {@code {promptLog}},
 * {@code {promptId}}, {@code {flowLog}}, {@code {toolLog}}, {@code {toolId}} (logs created once, with
 * start 00:00:10 and end 00:00:20 on 2025-01-01), {@code {evaluator}} (an external number evaluator's
 * path), {@code {trace}}, {@code {span1}}, {@code {span2}} (fresh OTLP ids).
 */
abstract class BadInputContract extends ApiContractBase {

    /** One row of the corpus: a request and what must come of it. */
    record Case(String name, String method, String path, byte[] body, String contentType, Expect expect) {

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What a case must answer: {@code status} with a problem at {@code loc} (dot-joined, a prefix)
     * and nothing stored; or, for {@code status} 200, a log stored ({@code field} reads back as
     * {@code value} when given); {@code rejected}: an OTLP answer with that many spans refused in its
     * {@code partialSuccess}, nothing stored.
     */
    record Expect(int status, String loc, String field, String value, int rejected) {
    }

    private static final String PROMPT = "/v5/prompts/log";
    private static final String FLOW = "/v5/flows/log";
    private static final String TOOL = "/v5/tools/log";
    private static final String EVALUATOR = "/v5/evaluators/log";
    private static final String PATCH_PROMPT = "/v5/prompts/{promptId}/log/{promptLog}";
    private static final String PATCH_FLOW = "/v5/flows/logs/{flowLog}";
    private static final String PATCH_TOOL = "/v5/tools/{toolId}/log/{toolLog}";
    private static final String SDK_OTEL = "/v5/import/otel/v1/traces";
    private static final String OTLP = "/v5/otlp/v1/traces";
    private static final String P = "\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\"},\"output\":\"o\"";
    private static final String F = "\"path\":\"bad/{run}/F\",\"flow\":{\"attributes\":{}},\"inputs\":{},\"output\":\"o\"";
    private static final String T = "\"path\":\"bad/{run}/T\",\"tool\":{\"function\":{\"name\":\"f\",\"description\":\"d\"}}";
    private static final String DEEP_200 = "{\"a\":".repeat(199) + "{}" + "}".repeat(199);
    private static final String DEEP_201 = "{\"a\":".repeat(200) + "{}" + "}".repeat(200);
    private static final String DEEP_497 = "[".repeat(497) + "]".repeat(497);

    private static Map<String, String> fixtures;

    // ---------------------------------------------------------------- the corpus

    static Stream<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // row 1: datetimes the stores cannot hold
        c.add(refused("start_time year +999999999", PROMPT, "{" + P + ",\"start_time\":\"+999999999-01-01T00:00:00Z\"}", "body.start_time"));
        c.add(refused("start_time year -999999999", PROMPT, "{" + P + ",\"start_time\":\"-999999999-01-01T00:00:00Z\"}", "body.start_time"));
        c.add(refused("start_time year 0000", PROMPT, "{" + P + ",\"start_time\":\"0000-01-01T00:00:00Z\"}", "body.start_time"));
        c.add(refused("start_time year 10000", PROMPT, "{" + P + ",\"start_time\":\"+10000-01-01T00:00:00Z\"}", "body.start_time"));
        c.add(refused("start_time year 1 at +01:00 is year 0 in UTC", PROMPT, "{" + P + ",\"start_time\":\"0001-01-01T00:30:00+01:00\"}", "body.start_time"));
        c.add(refused("end_time year 0000", PROMPT, "{" + P + ",\"end_time\":\"0000-06-01T00:00:00Z\"}", "body.end_time"));
        c.add(refused("created_at year +999999999", PROMPT, "{" + P + ",\"created_at\":\"+999999999-01-01T00:00:00Z\"}", "body.created_at"));
        c.add(refused("start_time not a date", PROMPT, "{" + P + ",\"start_time\":\"yesterday\"}", "body.start_time"));
        c.add(refused("start_time a number", PROMPT, "{" + P + ",\"start_time\":1700000000}", "body.start_time"));
        c.add(refused("flow start_time year 0000", FLOW, "{" + F + ",\"start_time\":\"0000-01-01T00:00:00Z\"}", "body.start_time"));
        c.add(refused("tool created_at year 0000", TOOL, "{" + T + ",\"created_at\":\"0000-01-01T00:00:00\"}", "body.created_at"));
        c.add(refused("PATCH start_time year +999999999", "PATCH", PATCH_PROMPT, "{\"start_time\":\"+999999999-01-01T00:00:00Z\"}", 422, "body.start_time"));
        c.add(refused("PATCH tool end_time year 0000", "PATCH", PATCH_TOOL, "{\"end_time\":\"0000-01-01T00:00:00Z\"}", 422, "body.end_time"));
        // row 2: numbers a double cannot hold
        c.add(refused("provider_latency 1e600", PROMPT, "{" + P + ",\"provider_latency\":1e600}", "body.provider_latency"));
        c.add(refused("provider_latency 1e-600", PROMPT, "{" + P + ",\"provider_latency\":1e-600}", "body.provider_latency"));
        c.add(refused("PATCH provider_latency 1e600", "PATCH", PATCH_PROMPT, "{\"provider_latency\":1e600}", 422, "body.provider_latency"));
        c.add(refused("1e600 deep in metadata", PROMPT, "{" + P + ",\"metadata\":{\"x\":[1,1e600]}}", "body.metadata.x.1"));
        c.add(refused("-1e600 in inputs", FLOW, "{\"path\":\"bad/{run}/F\",\"inputs\":{\"x\":-1e600},\"output\":\"o\"}", "body.inputs.x"));
        c.add(refused("1e-400 in provider_request", PROMPT, "{" + P + ",\"provider_request\":{\"t\":1e-400}}", "body.provider_request.t"));
        c.add(refused("a 41-digit number", PROMPT, "{" + P + ",\"metadata\":{\"n\":12345678901234567890123456789012345678901}}", "body.metadata.n"));
        c.add(refused("1e600 in an unknown field", PROMPT, "{" + P + ",\"zzz\":1e600}", "body.zzz"));
        // row 3: nesting
        c.add(refused("inputs 201 deep", PROMPT, "{" + P + ",\"inputs\":" + DEEP_201 + "}", "body.inputs"));
        c.add(refused("inputs 497 deep", FLOW, "{\"path\":\"bad/{run}/F\",\"inputs\":" + DEEP_497 + ",\"output\":\"o\"}", "body.inputs"));
        c.add(refused("PATCH inputs 201 deep", "PATCH", PATCH_FLOW, "{\"inputs\":" + DEEP_201 + "}", 422, "body.inputs"));
        c.add(refused("metadata 201 deep in an array", TOOL, "{" + T + ",\"metadata\":{\"a\":[" + DEEP_200 + "]}}", "body.metadata"));
        // row 9: negative and fractional usage, end before start, kernel types
        c.add(refused("prompt_tokens -5", PROMPT, "{" + P + ",\"prompt_tokens\":-5}", "body.prompt_tokens"));
        c.add(refused("output_tokens 1.5", PROMPT, "{" + P + ",\"output_tokens\":1.5}", "body.output_tokens"));
        c.add(refused("reasoning_tokens 2^53", PROMPT, "{" + P + ",\"reasoning_tokens\":9007199254740992}", "body.reasoning_tokens"));
        c.add(refused("prompt_tokens a string", PROMPT, "{" + P + ",\"prompt_tokens\":\"12\"}", "body.prompt_tokens"));
        c.add(refused("prompt_cost -0.01", PROMPT, "{" + P + ",\"prompt_cost\":-0.01}", "body.prompt_cost"));
        c.add(refused("output_cost 1e16", PROMPT, "{" + P + ",\"output_cost\":1e16}", "body.output_cost"));
        c.add(refused("output_cost with 20 decimals", PROMPT, "{" + P + ",\"output_cost\":0.00000000000000000001}", "body.output_cost"));
        c.add(refused("provider_latency -1", PROMPT, "{" + P + ",\"provider_latency\":-1}", "body.provider_latency"));
        c.add(refused("provider_latency a string", PROMPT, "{" + P + ",\"provider_latency\":\"fast\"}", "body.provider_latency"));
        c.add(refused("tool provider_latency -3", TOOL, "{" + T + ",\"provider_latency\":-3}", "body.provider_latency"));
        c.add(refused("PATCH prompt_tokens -1", "PATCH", PATCH_PROMPT, "{\"prompt_tokens\":-1}", 422, "body.prompt_tokens"));
        c.add(refused("PATCH output_cost a string", "PATCH", PATCH_PROMPT, "{\"output_cost\":\"free\"}", 422, "body.output_cost"));
        c.add(refused("PATCH tool provider_latency -0.5", "PATCH", PATCH_TOOL, "{\"provider_latency\":-0.5}", 422, "body.provider_latency"));
        c.add(refused("end_time before start_time", PROMPT, "{" + P + ",\"start_time\":\"2025-01-01T00:00:02Z\",\"end_time\":\"2025-01-01T00:00:01Z\"}", "body.end_time"));
        c.add(refused("flow end_time before start_time", FLOW, "{" + F + ",\"start_time\":\"2025-01-01T00:00:02Z\",\"end_time\":\"2025-01-01T00:00:01.999Z\"}", "body.end_time"));
        c.add(refused("tool end_time before start_time", TOOL, "{" + T + ",\"start_time\":\"2025-01-01T00:00:02+01:00\",\"end_time\":\"2025-01-01T00:00:01+01:00\"}", "body.end_time"));
        c.add(refused("PATCH end_time before the stored start_time", "PATCH", PATCH_PROMPT, "{\"end_time\":\"2025-01-01T00:00:05Z\"}", 422, "body.end_time"));
        c.add(refused("PATCH start_time after the stored end_time", "PATCH", PATCH_PROMPT, "{\"start_time\":\"2025-01-01T00:00:30Z\"}", 422, "body.start_time"));
        c.add(refused("PATCH tool end_time before start_time", "PATCH", PATCH_TOOL, "{\"start_time\":\"2025-01-01T00:00:10Z\",\"end_time\":\"2025-01-01T00:00:09Z\"}", 422, "body.end_time"));
        c.add(refused("prompt.temperature \"hot\"", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"temperature\":\"hot\"}}", "body.prompt.temperature"));
        c.add(refused("prompt.endpoint \"teleport\"", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"endpoint\":\"teleport\"}}", "body.prompt.endpoint"));
        c.add(refused("prompt.provider not a provider", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"provider\":\"acme\"}}", "body.prompt.provider"));
        c.add(refused("prompt.max_tokens a string", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"max_tokens\":\"many\"}}", "body.prompt.max_tokens"));
        c.add(refused("prompt.seed a boolean", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"seed\":true}}", "body.prompt.seed"));
        c.add(refused("prompt.template a number", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"template\":5}}", "body.prompt.template"));
        c.add(refused("prompt.template message with a bad role", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"template\":[{\"role\":\"wizard\"}]}}", "body.prompt.template.0.role"));
        c.add(refused("prompt.template_language \"mustache\"", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"template_language\":\"mustache\"}}", "body.prompt.template_language"));
        c.add(refused("prompt.stop a list of numbers", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"stop\":[1]}}", "body.prompt.stop"));
        c.add(refused("prompt.tools without description", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"tools\":[{\"name\":\"f\"}]}}", "body.prompt.tools.0.description"));
        c.add(refused("prompt.response_format type \"xml\"", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"response_format\":{\"type\":\"xml\"}}}", "body.prompt.response_format.type"));
        c.add(refused("prompt.reasoning_effort \"max\"", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"reasoning_effort\":\"max\"}}", "body.prompt.reasoning_effort"));
        c.add(refused("prompt.other a list", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"other\":[]}}", "body.prompt.other"));
        c.add(refused("prompt.model a number", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":3}}", "body.prompt.model"));
        c.add(refused("prompt a string", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":\"gpt\"}", "body.prompt"));
        c.add(refused("tool.function without description", TOOL, "{\"path\":\"bad/{run}/T\",\"tool\":{\"function\":{\"name\":\"f\"}}}", "body.tool.function.description"));
        c.add(refused("tool.function.strict a string", TOOL, "{\"path\":\"bad/{run}/T\",\"tool\":{\"function\":{\"name\":\"f\",\"description\":\"d\",\"strict\":\"yes\"}}}", "body.tool.function.strict"));
        c.add(refused("tool.setup_values a list", TOOL, "{\"path\":\"bad/{run}/T\",\"tool\":{\"setup_values\":[]}}", "body.tool.setup_values"));
        c.add(refused("flow.attributes a string", FLOW, "{\"path\":\"bad/{run}/F\",\"flow\":{\"attributes\":\"x\"},\"inputs\":{},\"output\":\"o\"}", "body.flow.attributes"));
        // encodings: strict UTF-8 and well-formed strings
        c.add(refusedBytes("overlong UTF-8 C0 AF", PROMPT, utf8("{" + P.replace("\"output\":\"o\"", "\"output\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"}"), 422, "body"));
        c.add(refusedBytes("overlong UTF-8 E0 80 AF", FLOW, utf8("{" + F + ",\"metadata\":{\"k\":\"", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, "\"}}"), 422, "body"));
        c.add(refusedBytes("a surrogate encoded in UTF-8 (ED A0 80)", PROMPT, utf8("{" + P + ",\"user\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"), 422, "body"));
        c.add(refusedBytes("the byte FF", TOOL, utf8("{" + T + ",\"output\":\"", new byte[] {(byte) 0xFF}, "\"}"), 422, "body"));
        c.add(refusedBytes("UTF-8 cut short", PROMPT, utf8("{" + P + ",\"user\":\"", new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}"), 422, "body"));
        c.add(refusedBytes("PATCH overlong UTF-8", "PATCH", PATCH_PROMPT, utf8("{\"output\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"), 422, "body"));
        c.add(refused("an unpaired high surrogate", PROMPT, "{" + P + ",\"user\":\"a\\ud800b\"}", "body.user"));
        c.add(refused("an unpaired low surrogate in a key", FLOW, "{" + F + ",\"metadata\":{\"\\udc00\":1}}", "body"));
        // types and shapes of the other fields
        c.add(refused("messages a string", PROMPT, "{" + P + ",\"messages\":\"hi\"}", "body.messages"));
        c.add(refused("message content a number", PROMPT, "{" + P + ",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "body.messages.0.content"));
        c.add(refused("tool call of type magic", PROMPT, "{" + P + ",\"output_message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\",\"type\":\"magic\",\"function\":{\"name\":\"f\"}}]}}", "body.output_message.tool_calls.0.type"));
        c.add(refused("tool_choice \"sometimes\"", PROMPT, "{" + P + ",\"tool_choice\":\"sometimes\"}", "body.tool_choice"));
        c.add(refused("log_status \"done\"", PROMPT, "{" + P + ",\"log_status\":\"done\"}", "body.log_status"));
        c.add(refused("PATCH flow log_status \"finished\"", "PATCH", PATCH_FLOW, "{\"log_status\":\"finished\"}", 422, "body.log_status"));
        c.add(refused("log_id empty", PROMPT, "{" + P + ",\"log_id\":\"\"}", "body.log_id"));
        c.add(refused("log_id of 513 characters", PROMPT, "{" + P + ",\"log_id\":\"" + "x".repeat(513) + "\"}", "body.log_id"));
        c.add(refused("log_id with a control character", TOOL, "{" + T + ",\"log_id\":\"a\\u0001b\"}", "body.log_id"));
        c.add(refused("save a string", PROMPT, "{" + P + ",\"save\":\"yes\"}", "body.save"));
        c.add(refused("inputs a list", PROMPT, "{" + P + ",\"inputs\":[1]}", "body.inputs"));
        c.add(refused("path with an empty segment", PROMPT, "{\"path\":\"bad//P\",\"prompt\":{\"model\":\"m\"}}", "body.path"));
        c.add(refused("trace_parent_id empty", TOOL, "{" + T + ",\"trace_parent_id\":\"\"}", "body.trace_parent_id"));
        c.add(refused("a JSON list for a body", PROMPT, "[]", "body"));
        c.add(refused("no body", PROMPT, "", "body"));
        c.add(refused("broken JSON", FLOW, "{\"path\":", "body"));
        c.add(refused("duplicate keys", PROMPT, "{" + P + ",\"output\":\"again\"}", "body"));
        c.add(refused("trailing text", TOOL, "{" + T + "} {}", "body"));
        // judgments and evaluators
        c.add(refused("judgment 1e600", EVALUATOR, "{\"path\":\"{evaluator}\",\"parent_id\":\"{promptLog}\",\"judgment\":1e600}", "body.judgment"));
        c.add(refused("judgment -2e15", EVALUATOR, "{\"path\":\"{evaluator}\",\"parent_id\":\"{promptLog}\",\"judgment\":-2e15}", "body.judgment"));
        c.add(refused("evaluator log start_time year 0000", EVALUATOR, "{\"path\":\"{evaluator}\",\"parent_id\":\"{promptLog}\",\"judgment\":1,\"start_time\":\"0000-01-01T00:00:00Z\"}", "body.start_time"));
        // file upserts and monitoring
        c.add(refused("upsert prompt temperature \"hot\"", "/v5/prompts", "{\"path\":\"bad/{run}/P\",\"model\":\"m\",\"temperature\":\"hot\"}", "body.temperature"));
        c.add(refused("upsert prompt endpoint \"teleport\"", "/v5/prompts", "{\"path\":\"bad/{run}/P\",\"model\":\"m\",\"endpoint\":\"teleport\"}", "body.endpoint"));
        c.add(refused("upsert prompt without model", "/v5/prompts", "{\"path\":\"bad/{run}/P\",\"temperature\":1}", "body.model"));
        c.add(refused("upsert prompt tags of numbers", "/v5/prompts", "{\"path\":\"bad/{run}/P\",\"model\":\"m\",\"tags\":[1]}", "body.tags"));
        c.add(refused("upsert tool function.strict a string", "/v5/tools", "{\"path\":\"bad/{run}/T\",\"function\":{\"name\":\"f\",\"description\":\"d\",\"strict\":\"x\"}}", "body.function.strict"));
        c.add(refused("upsert flow attributes with 1e600", "/v5/flows", "{\"path\":\"bad/{run}/F\",\"attributes\":{\"x\":1e600}}", "body.attributes.x"));
        c.add(refused("upsert llm evaluator prompt.temperature \"hot\"", "/v5/evaluators", "{\"path\":\"bad/{run}/E\",\"spec\":{\"arguments_type\":\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":\"llm\",\"prompt\":{\"model\":\"m\",\"temperature\":\"hot\"}}}", "body.spec.prompt.temperature"));
        c.add(refused("monitoring activate a string", "/v5/prompts/{promptId}/evaluators", "{\"activate\":\"x\"}", "body.activate"));
        c.add(refused("monitoring activate an empty version id", "/v5/prompts/{promptId}/evaluators", "{\"activate\":[{\"evaluator_version_id\":\"\"}]}", "body.activate.0.evaluator_version_id"));
        // OpenTelemetry: ids, parents, encodings, the same field rules
        c.add(refused("OTLP/JSON trace id of 3 bytes", "POST", SDK_OTEL, otlpJson("abcdef", "{span1}", null, "[]"), 400, null));
        c.add(refused("OTLP/JSON span id of 4 bytes", "POST", OTLP, otlpJson("{trace}", "0a0b0c0d", null, "[]"), 400, null));
        c.add(refusedBytes("OTLP/protobuf trace id of 3 bytes", "POST", OTLP, protobuf(3, 8, "s"), "application/x-protobuf", 400, null));
        c.add(refusedBytes("OTLP/protobuf span id of 16 bytes", "POST", OTLP, protobuf(16, 16, "s"), "application/x-protobuf", 400, null));
        c.add(refusedBytes("OTLP/protobuf invalid UTF-8 in a name", "POST", OTLP, protobufBadName(), "application/x-protobuf", 400, null));
        c.add(refusedBytes("OTLP/JSON overlong UTF-8", "POST", SDK_OTEL, inside(otlpJson("{trace}", "{span1}", null, "[]"), "\"name\":\"s", new byte[] {(byte) 0xC0, (byte) 0xAF}), "application/json", 400, null));
        c.add(refused("OTLP span that is its own parent", "POST", SDK_OTEL, otlpJson("{trace}", "{span1}", "{span1}", "[]"), 422, "body.resourceSpans.0.scopeSpans.0.spans.0.parentSpanId"));
        c.add(refused("OTLP spans that are each other's parent", "POST", SDK_OTEL, otlpTwo("{span1}", "{span2}", "{span2}", "{span1}"), 422, "body.resourceSpans.0.scopeSpans.0.spans"));
        c.add(partial("OTLP spans that are each other's parent, standard endpoint", otlpTwo("{span1}", "{span2}", "{span2}", "{span1}"), 2));
        c.add(partial("OTLP GenAI input tokens -5", otlpJson("{trace}", "{span1}", null, genAi("{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"-5\"}}")), 1));
        c.add(partial("OTLP GenAI temperature a string", otlpJson("{trace}", "{span1}", null, genAi("{\"key\":\"gen_ai.request.temperature\",\"value\":{\"stringValue\":\"hot\"}}")), 1));
        c.add(refused("OTLP Humanloop span with prompt_tokens -5", "POST", SDK_OTEL, otlpJson("{trace}", "{span1}", null, "[" + attr("humanloop.file.type", "prompt") + "," + attr("humanloop.file.path", "bad/{run}/P") + "," + attr("humanloop.prompt.model", "m") + ",{\"key\":\"humanloop.log.prompt_tokens\",\"value\":{\"intValue\":\"-5\"}}]"), 422, "body.resourceSpans.0.scopeSpans.0.spans.0.log.prompt_tokens"));
        c.add(refused("OTLP Humanloop span with start_time year 0000", "POST", SDK_OTEL, otlpJson("{trace}", "{span1}", null, "[" + attr("humanloop.file.type", "tool") + "," + attr("humanloop.file.path", "bad/{run}/T") + "," + attr("humanloop.log.start_time", "0000-01-01T00:00:00Z") + "]"), 422, "body.resourceSpans.0.scopeSpans.0.spans.0.log.start_time"));

        // accepted at the edges: stored, then read, listed, exported and counted
        c.add(accepted("start_time year 0001 and end_time the same", PROMPT, "{" + P + ",\"start_time\":\"0001-01-01T00:00:00Z\",\"end_time\":\"0001-01-01T00:00:00Z\"}", "start_time", "\"0001-01-01T00:00:00Z\""));
        c.add(accepted("end_time at the end of year 9999", FLOW, "{" + F + ",\"end_time\":\"9999-12-31T23:59:59.999999Z\"}", "end_time", "\"9999-12-31T23:59:59.999999Z\""));
        c.add(accepted("token counts 0 and 2^53 - 1, costs and latency 0", PROMPT, "{" + P + ",\"prompt_tokens\":0,\"output_tokens\":9007199254740991,\"prompt_cost\":0,\"output_cost\":0,\"provider_latency\":0}", "output_tokens", "9007199254740991"));
        c.add(accepted("a whole count written 12.0", PROMPT, "{" + P + ",\"prompt_tokens\":12.0}", null, null));
        c.add(accepted("cost 1e15 and latency of one nanosecond", PROMPT, "{" + P + ",\"output_cost\":1e15,\"provider_latency\":0.000000001}", "provider_latency", "1E-9"));
        c.add(accepted("inputs 200 deep", FLOW, "{" + F.replace("\"inputs\":{}", "\"inputs\":" + DEEP_200) + "}", null, null));
        c.add(accepted("numbers at the edges of a double in inputs", PROMPT, "{" + P + ",\"inputs\":{\"big\":1e300,\"small\":-2.3e-308,\"exact\":1.10,\"long\":1234567890123456789012345678901234567890}}", null, null));
        c.add(accepted("NUL, emoji, right-to-left text and an escaped surrogate pair", TOOL, "{" + T + ",\"output\":\"a\\u0000b 😀 \\u05e9\\u05dc\\u05d5\\u05dd \\ud83d\\ude00\"}", "output", "\"a\\u0000b 😀 שלום 😀\""));
        c.add(accepted("a log_id of 512 characters", PROMPT, "{" + P + ",\"log_id\":\"bad-{run}-" + "é".repeat(490) + "\"}", null, null));
        c.add(accepted("a negative temperature is a number", PROMPT, "{\"path\":\"bad/{run}/P\",\"prompt\":{\"model\":\"m\",\"temperature\":-1.5,\"endpoint\":\"edit\",\"provider\":\"mock\"},\"output\":\"o\"}", null, null));
        c.add(accepted("unknown fields are ignored", FLOW, "{" + F + ",\"zzz\":{\"a\":[1,\"b\",null]}}", null, null));
        c.add(accepted("a 1 MB output", TOOL, "{" + T + ",\"output\":\"" + "x".repeat(1 << 20) + "\"}", null, null));
        c.add(accepted("an end equal to its start across offsets", TOOL, "{" + T + ",\"start_time\":\"2025-01-01T01:00:00+01:00\",\"end_time\":\"2025-01-01T00:00:00Z\"}", "end_time", "\"2025-01-01T00:00:00Z\""));
        c.add(acceptedOtlp("OTLP GenAI span of an unknown provider", otlpJson("{trace}", "{span1}", null, genAi(attr("gen_ai.system", "acme.ai")))));
        return c.stream();
    }

    // ---------------------------------------------------------------- the test

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputIsRefusedWithNothingStoredAndEachEdgeIsStoredWithoutHarm(Case given) {
        Map<String, String> values = values();
        String path = fill(given.path(), values);
        byte[] body = given.body() == null ? null : fill(given.body(), values);
        String history = api.get("/v5/logs/" + values.get("promptLog") + "/history").body();
        String listing = api.get("/v5/logs?file_id=" + values.get("promptId") + "&size=100").body();
        long events = allEvents();
        long waiting = waitingSpans();

        Api.Response response = api.send(given.method(), path, body, Api.KEY, given.contentType());

        Expect expect = given.expect();
        if (expect.status() == 200) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/json");
            if (expect.rejected() > 0) {
                JsonNode partial = response.json().get("partialSuccess");
                assertThat(partial).as(response.body()).isNotNull();
                assertThat(partial.get("rejectedSpans").asLong()).isEqualTo(expect.rejected());
                assertNothingStored(events, waiting, history, listing, values);
            } else {
                String logId = path.equals(OTLP) ? "otel_" + values.get("trace") + "_" + values.get("span1")
                        : response.json().get("id").stringValue();
                assertStoredWithoutHarm(logId, expect);
            }
            return;
        }
        assertThat(response.status()).as(response.body()).isEqualTo(expect.status());
        if (given.contentType().equals("application/x-protobuf")) {
            // OTLP answers in the request's encoding: a google.rpc.Status
            assertThat(response.contentType()).startsWith("application/x-protobuf");
            assertNothingStored(events, waiting, history, listing, values);
            return;
        }
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode detail = response.json().get("detail");
        assertThat(detail).as(response.body()).isNotNull();
        if (expect.loc() != null) {
            assertThat(detail.isArray()).as(response.body()).isTrue();
            List<String> locs = new ArrayList<>();
            detail.forEach(problem -> {
                List<String> parts = new ArrayList<>();
                problem.get("loc").forEach(part -> parts.add(part.isNumber() ? part.asString() : part.stringValue()));
                locs.add(String.join(".", parts));
            });
            assertThat(locs).as(response.body()).anyMatch(loc -> loc.startsWith(fill(expect.loc(), values)));
        }
        assertNothingStored(events, waiting, history, listing, values);
    }

    private void assertNothingStored(long events, long waiting, String history, String listing,
                                     Map<String, String> values) {
        assertThat(allEvents()).as("no event stored").isEqualTo(events);
        assertThat(waitingSpans()).as("no span waiting").isEqualTo(waiting);
        assertThat(api.get("/v5/logs/" + values.get("promptLog") + "/history").body()).as("history unchanged")
                .isEqualTo(history);
        assertThat(api.get("/v5/logs?file_id=" + values.get("promptId") + "&size=100").body())
                .as("listing unchanged").isEqualTo(listing);
    }

    private void assertStoredWithoutHarm(String logId, Expect expect) {
        String segment = Api.segment(logId);
        Api.Response read = api.get("/v5/logs/" + segment);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode log = read.json();
        if (expect.field() != null) {
            assertThat(log.get(expect.field()).toString()).isEqualTo(expect.value());
        }
        String kind = null;
        String fileId = null;
        for (String k : List.of("flow", "prompt", "tool")) {
            if (log.get(k) != null && log.get(k).isObject()) {
                kind = k;
                fileId = log.get(k).get("id").stringValue();
            }
        }
        assertThat(fileId).as(read.body()).isNotNull();
        Api.Response history = api.get("/v5/logs/" + segment + "/history");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        Api.Response listing = api.get("/v5/logs?file_id=" + fileId + "&size=100");
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.json().get("records").valueStream().map(r -> r.get("id").stringValue()))
                .contains(logId);
        Api.Response export = api.get("/v5/export?file_id=" + fileId);
        assertThat(export.status()).isEqualTo(200);
        String[] lines = export.body().split("\n");
        assertThat(lines[lines.length - 1]).as("the export ends with its trailer").contains("\"sha256\"");
        assertThat(lines.length).isGreaterThan(1);
        awaitAnalytics();
        Api.Response stats = api.get("/v5/" + kind + "s/" + fileId + "/stats");
        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        assertThat(stats.json().get("totals").get("logs").asLong()).as(stats.body()).isEqualTo(1);
    }

    private void awaitAnalytics() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode status = api.get("/v5/admin/replay").json();
            JsonNode analytics = status.get("projections").valueStream()
                    .filter(p -> p.get("name").stringValue().equals("analytics")).findFirst().orElseThrow();
            if (!status.get("state").stringValue().equals("running")
                    && analytics.get("position").asLong() >= analytics.get("head").asLong()) {
                return;
            }
            assertThat(System.nanoTime()).as("analytics catch up").isLessThan(deadline);
            ReplayApiContract.sleep(50);
        }
    }

    private long waitingSpans() {
        return jdbc.queryForObject("select count(*) from otel_pending_span", Long.class);
    }

    // ---------------------------------------------------------------- fixtures and placeholders

    private Map<String, String> values() {
        synchronized (BadInputContract.class) {
            if (fixtures == null || api.get("/v5/logs/" + fixtures.get("promptLog")).status() != 200) {
                fixtures = createFixtures();
            }
        }
        Map<String, String> values = new LinkedHashMap<>(fixtures);
        values.put("run", run);
        values.put("trace", hex(16));
        values.put("span1", hex(8));
        values.put("span2", hex(8));
        return values;
    }

    private Map<String, String> createFixtures() {
        String fx = "bad/fixtures-" + run;
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode prompt = created(api.post(PROMPT, "{\"path\":\"" + fx + "/P\",\"prompt\":{\"model\":\"m\"},"
                + "\"output\":\"o\",\"start_time\":\"2025-01-01T00:00:10Z\",\"end_time\":\"2025-01-01T00:00:20Z\"}"));
        values.put("promptLog", prompt.get("id").stringValue());
        values.put("promptId", prompt.get("prompt_id").stringValue());
        values.put("flowLog", created(api.post(FLOW, "{\"path\":\"" + fx + "/F\",\"flow\":{\"attributes\":{}},"
                + "\"inputs\":{},\"log_status\":\"incomplete\",\"start_time\":\"2025-01-01T00:00:10Z\"}"))
                .get("id").stringValue());
        JsonNode tool = created(api.post(TOOL, "{\"path\":\"" + fx + "/T\",\"tool\":{\"function\":{\"name\":\"f\","
                + "\"description\":\"d\"}},\"output\":\"o\",\"start_time\":\"2025-01-01T00:00:10Z\","
                + "\"end_time\":\"2025-01-01T00:00:20Z\"}"));
        values.put("toolLog", tool.get("id").stringValue());
        values.put("toolId", tool.get("tool_id").stringValue());
        created(api.post("/v5/evaluators", "{\"path\":\"" + fx + "/E\",\"spec\":{\"arguments_type\":\"target_free\","
                + "\"return_type\":\"number\",\"evaluator_type\":\"external\"}}"));
        values.put("evaluator", fx + "/E");
        return Map.copyOf(values);
    }

    private static JsonNode created(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String fill(String text, Map<String, String> values) {
        for (var value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    private static byte[] fill(byte[] body, Map<String, String> values) {
        // placeholders are ASCII, so the bytes around them (even invalid UTF-8) stay as they are
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        for (var value : values.entrySet()) {
            latin = latin.replace("{" + value.getKey() + "}",
                    new String(value.getValue().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        return latin.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }

    // ---------------------------------------------------------------- building cases

    private static Case refused(String name, String path, String body, String loc) {
        return refused(name, "POST", path, body, 422, loc);
    }

    private static Case refused(String name, String method, String path, String body, int status, String loc) {
        return new Case(name, method, path, body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8),
                "application/json", new Expect(status, loc, null, null, 0));
    }

    private static Case refusedBytes(String name, String path, byte[] body, int status, String loc) {
        return refusedBytes(name, "POST", path, body, "application/json", status, loc);
    }

    private static Case refusedBytes(String name, String method, String path, byte[] body, int status, String loc) {
        return refusedBytes(name, method, path, body, "application/json", status, loc);
    }

    private static Case refusedBytes(String name, String method, String path, byte[] body, String contentType,
                                     int status, String loc) {
        return new Case(name, method, path, body, contentType, new Expect(status, loc, null, null, 0));
    }

    private static Case partial(String name, String body, int rejected) {
        return new Case(name, "POST", OTLP, body.getBytes(StandardCharsets.UTF_8), "application/json",
                new Expect(200, null, null, null, rejected));
    }

    private static Case accepted(String name, String path, String body, String field, String value) {
        return new Case(name, "POST", path, body.getBytes(StandardCharsets.UTF_8), "application/json",
                new Expect(200, null, field, value, 0));
    }

    private static Case acceptedOtlp(String name, String body) {
        return new Case(name, "POST", OTLP, body.getBytes(StandardCharsets.UTF_8), "application/json",
                new Expect(200, null, null, null, 0));
    }

    private static byte[] utf8(String before, byte[] raw, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code text} with {@code raw} bytes right after {@code marker}. */
    private static byte[] inside(String text, String marker, byte[] raw) {
        int at = text.indexOf(marker) + marker.length();
        return utf8(text.substring(0, at), raw, text.substring(at));
    }

    private static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"" + value + "\"}}";
    }

    private static String genAi(String extra) {
        return "[" + attr("gen_ai.operation.name", "chat") + "," + attr("gen_ai.request.model", "m") + ","
                + extra + "]";
    }

    private static String span(String spanId, String parentId, String attributes) {
        return "{\"traceId\":\"{trace}\",\"spanId\":\"" + spanId + "\"" + (parentId == null ? ""
                : ",\"parentSpanId\":\"" + parentId + "\"") + ",\"kind\":1,\"startTimeUnixNano\":\"1735689600000000000\","
                + "\"endTimeUnixNano\":\"1735689601000000000\",\"attributes\":" + attributes + ",\"name\":\"s\"}";
    }

    private static String otlpJson(String traceId, String spanId, String parentId, String attributes) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", "bad-{run}")
                + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"corpus\"},\"spans\":["
                + span(spanId, parentId, attributes).replace("{trace}", traceId) + "]}]}]}";
    }

    private static String otlpTwo(String span1, String parent1, String span2, String parent2) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", "bad-{run}")
                + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"corpus\"},\"spans\":[" + span(span1, parent1, "[]") + ","
                + span(span2, parent2, "[]") + "]}]}]}";
    }

    private static byte[] protobuf(int traceBytes, int spanBytes, String name) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(filled(traceBytes)))
                        .setSpanId(ByteString.copyFrom(filled(spanBytes))).setName(name)
                        .setStartTimeUnixNano(1_735_689_600_000_000_000L)
                        .setEndTimeUnixNano(1_735_689_601_000_000_000L)))).build().toByteArray();
    }

    /** A valid request whose span name's bytes are then made overlong UTF-8 ({@code C0 AF} for {@code /}). */
    private static byte[] protobufBadName() {
        byte[] bytes = protobuf(16, 8, "a//b");
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("a//b", "a\u00c0\u00afb");
        return latin.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] filled(int length) {
        byte[] id = new byte[length];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return id;
    }
}
