package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Api.Response;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenTelemetry ingestion over HTTP, on each database: the Humanloop SDK's decorator spans on
 * {@code /v5/import/otel/v1/traces} (fixtures captured from the SDK's exporter), and standard OTLP
 * (JSON and protobuf fixtures under {@code otlp/}) on {@code /v5/otlp/v1/traces}, delivered in
 * order, out of order and in several requests, and bad input of every kind.
 */
@DirtiesContext // its settings make a server no other class shares: free its connections for the next
@TestPropertySource(properties = {
        "tracevault.otel.pending.max-age=PT4S",
        "tracevault.otel.pending.sweep-interval=PT0.3S",
        "tracevault.otel.max-spans-per-request=50",
        "tracevault.otel.max-request-size=256KB"})
abstract class OtelApiContract extends ApiContractBase {

    static final String HUMANLOOP = "/v5/import/otel/v1/traces";
    static final String OTLP = "/v5/otlp/v1/traces";
    static final String SDK_CONTENT_TYPE = "text/plain;charset=UTF-8";
    /** The trace of agent-trace.json, and of the same spans in three requests (JSON, then protobuf). */
    static final String AGENT_TRACE = "5b8efff798038103d269b633813fc60c";
    static final String AGENT_TRACE_JSON_PARTS = "6c9f0000798038103d269b633813fc60";
    static final String AGENT_TRACE_PROTOBUF_PARTS = "7d0a0000798038103d269b633813fc60";
    static final String ROOT_SPAN = "eee19b7ec3c1b174";
    static final JsonMapper JSON = JsonMapper.builder().build();

    // ---------------------------------------------------------------- helpers

    static byte[] resource(String name) {
        try (InputStream in = OtelApiContract.class.getResourceAsStream("/otlp/" + name)) {
            assertThat(in).as("fixture otlp/%s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    /** 24 hex digits that make a fixture's trace ids this test's own. */
    static String traceHex() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** A span as the SDK's exporter sends it, with this test's trace and Flow Log. */
    String sdkSpan(String fixture, String trace, String flowLogId) {
        return text("humanloop/" + fixture).replace("${TRACE}", trace).replace("${FLOW_LOG_ID}", flowLogId);
    }

    Response sendSdk(String body) {
        return api.send("POST", HUMANLOOP, body.getBytes(StandardCharsets.UTF_8), Api.KEY, SDK_CONTENT_TYPE);
    }

    Response sendOtlpJson(String body) {
        return api.send("POST", OTLP, body.getBytes(StandardCharsets.UTF_8), Api.KEY, "application/json");
    }

    Response sendOtlpProtobuf(byte[] body) {
        return api.send("POST", OTLP, body, Api.KEY, "application/x-protobuf");
    }

    JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode get(String id) {
        return ok(api.get("/v5/logs/" + Api.segment(id)));
    }

    int status(String id) {
        return api.get("/v5/logs/" + Api.segment(id)).status();
    }

    static String logId(String trace, String span) {
        return "otel_" + trace + "_" + span;
    }

    /** Opens a Flow Log the way the decorated flow does (spec §5.4). */
    String openDecoratedFlow(String path) {
        return ok(api.post("/v5/flows/log", """
                {"path":"%s","flow":{"attributes":{"v":1}},"log_status":"incomplete",
                 "inputs":{"question":"What is 2+2?"},"messages":null,"trace_parent_id":null}
                """.formatted(path))).get("id").stringValue();
    }

    static List<String> kinds(JsonNode children) {
        return children.valueStream().map(c -> c.has("flow") ? "flow" : c.has("prompt") ? "prompt"
                : c.has("tool") ? "tool" : "?").toList();
    }

    /** A log tree with what differs between two deliveries of the same spans taken out. */
    static JsonNode comparable(JsonNode log, String trace) {
        JsonNode copy = JSON.readTree(log.toString().replace(trace, "TRACE"));
        strip(copy);
        return copy;
    }

    private static final Set<String> VOLATILE = Set.of("created_at", "updated_at", "last_used_at",
            "version_logs_count", "total_logs_count");

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            VOLATILE.forEach(object::remove);
            object.values().forEach(OtelApiContract::strip);
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(OtelApiContract::strip);
        }
    }

    // ---------------------------------------------------------------- the Humanloop SDK's spans

    @Test
    void decoratorSpansAddTheChildrenAndCompleteTheFlowLog() {
        String trace = traceHex();
        String flowLogId = openDecoratedFlow("otel-" + run + "/Decorated Flow");

        JsonNode tool = ok(sendSdk(sdkSpan("tool-span.json", trace, flowLogId)));
        assertThat(tool.get("records").get(0).stringValue()).isEqualTo(logId(trace + "00000001", "0000000000000001"));
        JsonNode prompt = ok(sendSdk(sdkSpan("prompt-span.json", trace, flowLogId)));
        JsonNode flow = ok(sendSdk(sdkSpan("flow-span.json", trace, flowLogId)));
        assertThat(flow.get("records").get(0).stringValue()).as("the log the span completed").isEqualTo(flowLogId);

        JsonNode log = get(flowLogId);
        assertThat(log.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(log.get("output").stringValue()).isEqualTo("4 (4)");
        assertThat(log.get("start_time").stringValue()).as("the flow span's start").isEqualTo("2026-11-26T01:53:11.358Z");
        assertThat(log.get("end_time").stringValue()).as("the flow span's end").isEqualTo("2026-11-26T01:53:11.526922Z");
        JsonNode children = log.get("trace_children");
        assertThat(kinds(children)).containsExactly("tool", "prompt");

        JsonNode toolLog = children.get(0);
        assertThat(toolLog.get("id").stringValue()).isEqualTo(tool.get("records").get(0).stringValue());
        assertThat(toolLog.get("tool").get("path").stringValue()).isEqualTo("demo/Calculator");
        assertThat(toolLog.get("tool").get("function").toString()).isEqualTo("""
                {"name":"calculator","description":"Adds two numbers","parameters":{"type":"object",\
                "properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}}""");
        assertThat(toolLog.get("inputs").toString()).as("typed by the tool's schema").isEqualTo("{\"a\":2,\"b\":2}");
        assertThat(toolLog.get("output").stringValue()).isEqualTo("4");
        assertThat(toolLog.get("trace_parent_id").stringValue()).isEqualTo(flowLogId);
        assertThat(toolLog.get("trace_id").stringValue()).isEqualTo(flowLogId);
        assertThat(toolLog.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(toolLog.get("metadata").isNull()).as("Humanloop's spans get no otel metadata").isTrue();

        JsonNode promptLog = children.get(1);
        assertThat(promptLog.get("id").stringValue()).isEqualTo(prompt.get("records").get(0).stringValue());
        JsonNode file = promptLog.get("prompt");
        assertThat(file.get("path").stringValue()).isEqualTo("demo/Answer");
        assertThat(file.get("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(file.get("provider").stringValue()).isEqualTo("openai");
        assertThat(file.get("endpoint").stringValue()).isEqualTo("chat");
        assertThat(file.get("temperature").toString()).isEqualTo("0.2");
        assertThat(file.get("max_tokens").toString()).isEqualTo("50");
        assertThat(promptLog.get("messages").toString()).isEqualTo("""
                [{"role":"system","content":"Answer briefly."},{"role":"user","content":"What is 2+2?"}]""");
        assertThat(promptLog.get("output_message").get("role").stringValue()).isEqualTo("assistant");
        assertThat(promptLog.get("output_message").get("content").stringValue()).isEqualTo("4");
        assertThat(promptLog.get("output").stringValue()).isEqualTo("4");
        assertThat(promptLog.get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(promptLog.get("output_tokens").asInt()).isEqualTo(1);
        assertThat(promptLog.get("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(promptLog.get("provider_latency").decimalValue()).isPositive();
    }

    @Test
    void aCompletionSpanBeforeItsChildrenGivesTheSameTrace() {
        String trace = traceHex();
        String flowLogId = openDecoratedFlow("otel-" + run + "/Decorated Flow");
        // the flow's span overtakes its children's (the exporter sends each span in its own request)
        ok(sendSdk(sdkSpan("flow-span.json", trace, flowLogId)));
        assertThat(get(flowLogId).get("log_status").stringValue()).isEqualTo("complete");
        ok(sendSdk(sdkSpan("prompt-span.json", trace, flowLogId)));
        ok(sendSdk(sdkSpan("tool-span.json", trace, flowLogId)));

        JsonNode log = get(flowLogId);
        assertThat(kinds(log.get("trace_children"))).containsExactly("tool", "prompt");
        assertThat(log.get("end_time").stringValue()).isEqualTo("2026-11-26T01:53:11.526922Z");

        // a span that started after the flow's span ended is no late delivery: the trace is closed
        String late = sdkSpan("tool-span.json", traceHex(), flowLogId)
                .replace("\"startTimeUnixNano\": 1795657991472000000", "\"startTimeUnixNano\": 1795657999000000000")
                .replace("\"endTimeUnixNano\": 1795657991473157400", "\"endTimeUnixNano\": 1795657999100000000");
        Response refused = sendSdk(late);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(get(flowLogId).get("trace_children").size()).isEqualTo(2);
    }

    @Test
    void theDatapointAndRunOfAnEvaluationComeWithTheFlowsSpan() {
        String flowLogId = openDecoratedFlow("otel-" + run + "/Evaluated Flow");
        // what the SDK's evaluation context adds to the span (spec §5.4: evaluations.run)
        String span = sdkSpan("flow-span.json", traceHex(), flowLogId).replace("\"attributes\": [", """
                "attributes": [{"key":"humanloop.log.source_datapoint_id","value":{"stringValue":"dp_7"}},
                {"key":"humanloop.log.run_id","value":{"stringValue":"run_3"}},""");
        ok(sendSdk(span));
        JsonNode log = get(flowLogId);
        assertThat(log.get("source_datapoint_id").stringValue()).isEqualTo("dp_7");
        assertThat(log.get("run_id").stringValue()).isEqualTo("run_3");
    }

    @Test
    void aResentSpanChangesNothing() {
        String trace = traceHex();
        String flowLogId = openDecoratedFlow("otel-" + run + "/Decorated Flow");
        String tool = sdkSpan("tool-span.json", trace, flowLogId);
        String flow = sdkSpan("flow-span.json", trace, flowLogId);
        ok(sendSdk(tool));
        ok(sendSdk(flow));
        long events = allEvents();
        long started = System.nanoTime();
        ok(sendSdk(tool));
        ok(sendSdk(flow));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered at once").isLessThan(Duration.ofSeconds(5));
        assertThat(allEvents()).isEqualTo(events);
        assertThat(get(flowLogId).get("trace_children").size()).isEqualTo(1);
    }

    @Test
    void aSpanWaitsForAParentLogThatIsLoggedLater() {
        String trace = traceHex();
        String flowLogId = "late-flow-" + run;
        JsonNode parked = ok(sendSdk(sdkSpan("tool-span.json", trace, flowLogId)));
        String toolLogId = parked.get("records").get(0).stringValue();
        assertThat(status(toolLogId)).as("waiting for its parent").isEqualTo(404);

        ok(api.post("/v5/flows/log", """
                {"path":"otel-%s/Late Flow","log_id":"%s","inputs":{"q":1},"log_status":"incomplete"}
                """.formatted(run, flowLogId)));
        JsonNode child = awaitLog(toolLogId, Duration.ofSeconds(10));
        assertThat(child.get("trace_parent_id").stringValue()).isEqualTo(flowLogId);
        assertThat(kinds(get(flowLogId).get("trace_children"))).containsExactly("tool");
    }

    JsonNode awaitLog(String id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (status(id) == 404) {
            assertThat(System.nanoTime()).as("log %s did not appear within %s", id, max).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return get(id);
    }

    @Test
    void theSdkEndpointChecksEverySpanBeforeStoringAny() {
        String trace = traceHex();
        String flowLogId = openDecoratedFlow("otel-" + run + "/Decorated Flow");
        ObjectNode request = (ObjectNode) JSON.readTree(sdkSpan("tool-span.json", trace, flowLogId));
        ArrayNode spans = (ArrayNode) request.get("resourceSpans").get(0).get("scopeSpans").get(0).get("spans");
        ObjectNode bad = (ObjectNode) spans.get(0).deepCopy();
        bad.put("spanId", "00000000000000aa");
        ((ArrayNode) bad.get("attributes")).addObject().put("key", "humanloop.log.prompt_tokens")
                .putObject("value").put("stringValue", "many");
        ((ArrayNode) bad.get("attributes")).addObject().put("key", "humanloop.file.type")
                .putObject("value").put("stringValue", "dataset");
        spans.add(bad);
        long events = allEvents();

        Response response = sendSdk(request.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        JsonNode detail = response.json().get("detail");
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("""
                ["body","resourceSpans",0,"scopeSpans",0,"spans",1,"attributes","humanloop.file.type"]""");
        assertThat(response.body()).contains("humanloop.log.prompt_tokens");
        assertThat(allEvents()).as("nothing stored").isEqualTo(events);
    }

    // ---------------------------------------------------------------- standard OTLP

    @Test
    void aGenAiTraceBecomesAFlowWithItsPromptAndToolLogs() {
        JsonNode answer = ok(sendOtlpJson(text("agent-trace.json")));
        assertThat(answer.toString()).as("all spans stored: no partial success").isEqualTo("{}");

        JsonNode root = get(logId(AGENT_TRACE, ROOT_SPAN));
        assertThat(root.get("flow").get("path").stringValue()).isEqualTo("otel/weather-service/Weather Agent");
        assertThat(root.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(root.get("inputs").toString()).isEqualTo("{}");
        assertThat(root.get("messages").get(0).get("content").stringValue()).isEqualTo("What is the weather in Paris?");
        assertThat(root.get("output_message").get("content").stringValue()).isEqualTo("It is 21°C in Paris.");
        assertThat(root.get("start_time").stringValue()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(root.get("end_time").stringValue()).isEqualTo("2025-01-01T10:00:05Z");
        assertThat(root.get("trace_id").stringValue()).isEqualTo(root.get("id").stringValue());
        JsonNode otel = root.get("metadata").get("otel");
        assertThat(otel.get("trace_id").stringValue()).isEqualTo(AGENT_TRACE);
        assertThat(otel.get("span_id").stringValue()).isEqualTo(ROOT_SPAN);
        assertThat(otel.get("service_name").stringValue()).isEqualTo("weather-service");
        assertThat(otel.get("attributes").toString()).as("attributes no mapping uses are kept")
                .isEqualTo("{\"app.retries\":0,\"app.tenant\":\"acme\",\"gen_ai.provider.name\":\"openai\"}");

        JsonNode children = root.get("trace_children");
        assertThat(kinds(children)).containsExactly("prompt", "tool", "prompt");
        JsonNode firstChat = children.get(0);
        assertThat(firstChat.get("prompt").get("path").stringValue()).isEqualTo("otel/weather-service/chat gpt-4o-mini");
        assertThat(firstChat.get("prompt").get("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(firstChat.get("prompt").get("temperature").toString()).isEqualTo("0.2");
        assertThat(firstChat.get("prompt").get("max_tokens").toString()).isEqualTo("200");
        assertThat(firstChat.get("prompt").get("tools").get(0).get("name").stringValue()).isEqualTo("get_weather");
        assertThat(firstChat.get("messages").size()).isEqualTo(2);
        JsonNode call = firstChat.get("output_message").get("tool_calls").get(0);
        assertThat(call.toString()).isEqualTo("""
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}""");
        assertThat(firstChat.get("prompt_tokens").asInt()).isEqualTo(25);
        assertThat(firstChat.get("output_tokens").asInt()).isEqualTo(12);
        assertThat(firstChat.get("finish_reason").stringValue()).isEqualTo("tool_call");
        assertThat(firstChat.get("provider_latency").toString()).isEqualTo("1.25");
        assertThat(firstChat.get("trace_parent_id").stringValue()).isEqualTo(root.get("id").stringValue());

        JsonNode tool = children.get(1);
        assertThat(tool.get("tool").get("path").stringValue()).isEqualTo("otel/weather-service/get_weather");
        assertThat(tool.get("tool").get("function").get("description").stringValue())
                .isEqualTo("Current weather in a city");
        assertThat(tool.get("inputs").toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(tool.get("output").stringValue()).isEqualTo("{\"temp_c\":21}");

        JsonNode answerChat = children.get(2);
        assertThat(answerChat.get("messages").get(3).toString()).isEqualTo("""
                {"role":"tool","content":"{\\"temp_c\\":21}","tool_call_id":"call_1"}""");
        assertThat(answerChat.get("output").stringValue()).isEqualTo("It is 21°C in Paris.");
        JsonNode http = answerChat.get("trace_children").get(0);
        assertThat(http.get("flow").get("path").stringValue()).isEqualTo("otel/weather-service/POST");
        assertThat(http.get("log_status").stringValue()).as("a span without output stays open").isEqualTo("incomplete");
        assertThat(http.get("end_time").stringValue()).isEqualTo("2025-01-01T10:00:04.850Z");
        assertThat(http.get("metadata").get("otel").get("attributes").get("server.address").stringValue())
                .isEqualTo("api.openai.com");
    }

    @Test
    void spansInSeparateRequestsLeavesFirstGiveTheSameTraceAsInOneRequest() {
        ok(sendOtlpJson(text("agent-trace.json").replace(AGENT_TRACE, "8e1b0000798038103d269b633813fc60")));
        JsonNode inOne = get(logId("8e1b0000798038103d269b633813fc60", ROOT_SPAN));

        ok(sendOtlpJson(text("agent-trace-part1.json")));
        ok(sendOtlpJson(text("agent-trace-part2.json")));
        String root = logId(AGENT_TRACE_JSON_PARTS, ROOT_SPAN);
        assertThat(status(root)).isEqualTo(404);
        assertThat(status(logId(AGENT_TRACE_JSON_PARTS, "eee19b7ec3c1b175"))).as("waits for its parent").isEqualTo(404);
        ok(sendOtlpJson(text("agent-trace-part3.json")));

        assertThat(comparable(get(root), AGENT_TRACE_JSON_PARTS))
                .isEqualTo(comparable(inOne, "8e1b0000798038103d269b633813fc60"));
    }

    @Test
    void protobufSpansInSeparateRequestsGiveTheSameTraceToo() throws IOException {
        ok(sendOtlpJson(text("agent-trace.json").replace(AGENT_TRACE, "9f2c0000798038103d269b633813fc60")));
        JsonNode inOne = get(logId("9f2c0000798038103d269b633813fc60", ROOT_SPAN));

        for (String part : List.of("agent-trace-part1.binpb", "agent-trace-part2.binpb")) {
            Response response = sendOtlpProtobuf(resource(part));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/x-protobuf");
        }
        // the last part gzipped, as collectors send it
        var gzipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(resource("agent-trace-part3.binpb"));
        }
        HttpResponse<byte[]> last = post(OTLP, gzipped.toByteArray(), "application/x-protobuf", "gzip");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(last.body()).hasPartialSuccess()).isFalse();

        String root = logId(AGENT_TRACE_PROTOBUF_PARTS, ROOT_SPAN);
        assertThat(comparable(get(root), AGENT_TRACE_PROTOBUF_PARTS))
                .isEqualTo(comparable(inOne, "9f2c0000798038103d269b633813fc60"));
    }

    HttpResponse<byte[]> post(String path, byte[] body, String contentType, String contentEncoding) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-KEY", Api.KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSpanWhoseParentNeverArrivesIsStoredAloneAfterTheWait() {
        String trace = traceHex() + "00000000";
        ok(sendOtlpJson(text("agent-trace-part1.json").replace(AGENT_TRACE_JSON_PARTS, trace)));
        String tool = logId(trace, "eee19b7ec3c1b175");
        String http = logId(trace, "eee19b7ec3c1b177");
        assertThat(status(tool)).isEqualTo(404);

        JsonNode alone = awaitLog(tool, Duration.ofSeconds(15));
        assertThat(alone.get("trace_parent_id").isNull()).isTrue();
        assertThat(alone.get("trace_id").isNull()).as("a Tool Log outside any trace").isTrue();
        assertThat(alone.get("metadata").get("otel").get("unlinked_parent_log_id").stringValue())
                .isEqualTo(logId(trace, ROOT_SPAN));
        JsonNode flow = awaitLog(http, Duration.ofSeconds(15));
        assertThat(flow.get("trace_id").stringValue()).as("a Flow span is a trace of its own").isEqualTo(http);
    }

    @Test
    void aSpanWithARemoteParentStartsATraceAtOnce() {
        String trace = traceHex() + "00000000";
        String body = text("agent-trace-part3.json").replace(AGENT_TRACE_JSON_PARTS, trace)
                .replace("\"spanId\": \"eee19b7ec3c1b174\",",
                        "\"spanId\": \"eee19b7ec3c1b174\", \"parentSpanId\": \"1111111111111111\", \"flags\": 769,");
        ok(sendOtlpJson(body));
        JsonNode root = get(logId(trace, ROOT_SPAN));
        assertThat(root.get("trace_id").stringValue()).isEqualTo(root.get("id").stringValue());
        assertThat(root.get("metadata").get("otel").get("parent_remote").booleanValue()).isTrue();
    }

    @Test
    void spansThatCannotBeStoredAreAPartialSuccess() {
        String trace = traceHex() + "00000000";
        ObjectNode request = (ObjectNode) JSON.readTree(text("agent-trace-part3.json").replace(AGENT_TRACE_JSON_PARTS, trace));
        ArrayNode spans = (ArrayNode) request.get("resourceSpans").get(0).get("scopeSpans").get(0).get("spans");
        ObjectNode badJson = (ObjectNode) spans.get(0).deepCopy();
        badJson.put("spanId", "00000000000000b1");
        ((ArrayNode) badJson.get("attributes")).addObject().put("key", "gen_ai.input.messages")
                .putObject("value").put("stringValue", "[{not json");
        ObjectNode badKind = (ObjectNode) spans.get(0).deepCopy();
        badKind.put("spanId", "00000000000000b2");
        ((ArrayNode) badKind.get("attributes")).addObject().put("key", "humanloop.file.type")
                .putObject("value").put("stringValue", "dataset");
        ObjectNode noModel = (ObjectNode) spans.get(0).deepCopy();
        noModel.put("spanId", "00000000000000b3");
        noModel.put("name", "chat");
        noModel.set("attributes", JSON.readTree("""
                [{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                 {"key":"humanloop.file.path","value":{"stringValue":"otel-%s/No Model"}}]""".formatted(run)));
        spans.add(badJson).add(badKind).add(noModel);

        JsonNode answer = ok(sendOtlpJson(request.toString()));
        JsonNode partial = answer.get("partialSuccess");
        assertThat(partial.get("rejectedSpans").stringValue()).isEqualTo("3");
        assertThat(partial.get("errorMessage").stringValue())
                .contains("spans[1]: attributes.gen_ai.input.messages: invalid JSON")
                .contains("spans[2]: attributes.humanloop.file.type")
                .contains("spans[3]: log.prompt.model");
        assertThat(get(logId(trace, ROOT_SPAN)).get("log_status").stringValue()).isEqualTo("complete");
        for (String span : List.of("00000000000000b1", "00000000000000b2", "00000000000000b3")) {
            assertThat(status(logId(trace, span))).isEqualTo(404);
        }
    }

    @Test
    void aSpanSentAgainWithOtherContentIsRefusedAndTheFirstKept() {
        String trace = traceHex() + "00000000";
        String first = text("agent-trace-part1.json").replace(AGENT_TRACE_JSON_PARTS, trace);
        ok(sendOtlpJson(text("agent-trace-part3.json").replace(AGENT_TRACE_JSON_PARTS, trace)));
        assertThat(ok(sendOtlpJson(first)).toString()).isEqualTo("{}");
        assertThat(ok(sendOtlpJson(first)).toString()).as("the same span again").isEqualTo("{}");
        JsonNode changed = ok(sendOtlpJson(first.replace("{\\\"temp_c\\\":21}", "{\\\"temp_c\\\":35}")));
        assertThat(changed.get("partialSuccess").get("rejectedSpans").stringValue()).isEqualTo("1");
        assertThat(changed.get("partialSuccess").get("errorMessage").stringValue()).contains("already used");
        assertThat(get(logId(trace, "eee19b7ec3c1b175")).get("output").stringValue()).isEqualTo("{\"temp_c\":21}");
    }

    // ---------------------------------------------------------------- bad requests

    @Test
    void unreadableRequestsAre400AndStoreNothing() {
        long events = allEvents();
        for (String body : List.of("{not json", "[]", "{\"resourceSpans\":{}}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\",\"spanId\":\"00f067aa0ba902b7\"}]}]}]}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_NOPE\"}]}]}]}")) {
            Response standard = sendOtlpJson(body);
            assertThat(standard.status()).as(body + " -> " + standard.body()).isEqualTo(400);
            assertThat(standard.json().get("code").asInt()).isEqualTo(3);
            assertThat(standard.json().get("message").stringValue()).isNotBlank();
            Response sdk = sendSdk(body);
            assertThat(sdk.status()).as(body + " -> " + sdk.body()).isEqualTo(400);
            assertThat(sdk.json().get("detail").stringValue()).isNotBlank();
        }
        Response garbage = sendOtlpProtobuf(new byte[] {(byte) 0x0a, (byte) 0xff, 0x01, 0x02});
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.contentType()).startsWith("application/x-protobuf");
        HttpResponse<byte[]> badGzip = post(OTLP, new byte[] {1, 2, 3}, "application/x-protobuf", "gzip");
        assertThat(badGzip.statusCode()).isEqualTo(400);
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void aSpanWithoutIdsIsRefused() {
        Response response = sendOtlpJson("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x","traceId":"","spanId":"0000000000000000"}]}]}]}""");
        JsonNode partial = ok(response).get("partialSuccess");
        assertThat(partial.get("rejectedSpans").stringValue()).isEqualTo("1");
        assertThat(partial.get("errorMessage").stringValue()).contains("traceId").contains("spanId");
    }

    @Test
    void otherEncodingsAre415() {
        Response xml = api.send("POST", OTLP, "<spans/>".getBytes(StandardCharsets.UTF_8), Api.KEY, "application/xml");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(post(OTLP, "{}".getBytes(StandardCharsets.UTF_8), "application/json", "br").statusCode())
                .as("Content-Encoding br").isEqualTo(415);
        Response form = api.send("POST", HUMANLOOP, "a=b".getBytes(StandardCharsets.UTF_8), Api.KEY,
                "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void tooLargeRequestsAre413AndStoreNothing() {
        long events = allEvents();
        StringBuilder many = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"traceId\":\"%s\",\"spanId\":\"%016x\",\"name\":\"s\"}"
                    .formatted("a".repeat(32), i + 1));
        }
        many.append("]}]}]}");
        Response tooMany = sendOtlpJson(many.toString());
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(413);
        assertThat(tooMany.body()).contains("51 spans");

        String big = "{\"resourceSpans\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";
        assertThat(sendOtlpJson(big).status()).isEqualTo(413);
        assertThat(sendSdk(big).status()).isEqualTo(413);
        var gzipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(big.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(post(OTLP, gzipped.toByteArray(), "application/json", "gzip").statusCode())
                .as("too large once decompressed").isEqualTo(413);
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void anEmptyExportIsAnswered() {
        assertThat(ok(sendOtlpJson("{}")).toString()).isEqualTo("{}");
        assertThat(ok(sendSdk("{\"resourceSpans\":[]}")).get("records").size()).isZero();
        Response protobuf = sendOtlpProtobuf(new byte[0]);
        assertThat(protobuf.status()).isEqualTo(200);
    }

    @Test
    void theEndpointsNeedTheApiKey() {
        assertThat(api.send("POST", OTLP, "{}".getBytes(StandardCharsets.UTF_8), null, "application/json").status())
                .isEqualTo(401);
        assertThat(api.send("POST", HUMANLOOP, "{}".getBytes(StandardCharsets.UTF_8), "wrong", SDK_CONTENT_TYPE)
                .status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- REST, for the same reason

    @Test
    void aPatchThatChangesNothingAfterChildrenJoinedAnswersAtOnce() {
        String root = openDecoratedFlow("otel-" + run + "/Rest Root");
        ok(api.post("/v5/tools/log", """
                {"path":"otel-%s/Rest Tool","inputs":{"a":1},"output":"1","trace_parent_id":"%s"}
                """.formatted(run, root)));
        long started = System.nanoTime();
        ok(api.patch("/v5/flows/logs/" + Api.segment(root), "{\"inputs\":{\"question\":\"What is 2+2?\"}}"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
