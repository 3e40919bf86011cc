package dev.tracevault.command.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracevault.problems.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** How spans of each convention become REST-shaped log requests (HTTP is covered by the server's contract). */
class SpanMappingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Instant START = Instant.parse("2025-02-01T12:00:00Z");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final SpanMapping mapping = new SpanMapping(MAPPER, new OtelSettings(DataSize.ofMegabytes(8), 1000,
            "otel", Duration.ofHours(1), 10_000, Duration.ofSeconds(5)));

    private static SpanData span(String name, String parent, Map<String, Object> attributes) {
        return span(name, parent, attributes, 0, List.of());
    }

    private static SpanData span(String name, String parent, Map<String, Object> attributes, int status,
                                 List<SpanData.Event> events) {
        return new SpanData("resourceSpans[0].scopeSpans[0].spans[0]", TRACE, "00f067aa0ba902b7", parent, false,
                name, 1, START, START.plusMillis(1500), new LinkedHashMap<>(attributes), "svc", "scope", status,
                "", events);
    }

    private static Map<String, Object> attributes(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void olderNumberedGenAiAttributesMakeAPromptLog() {
        SpanLog log = mapping.map(span("openai.chat", "b7ad6b7169203331", attributes(
                "llm.request.type", "chat", "gen_ai.system", "OpenAI", "gen_ai.request.model", "gpt-4",
                "gen_ai.prompt.0.role", "system", "gen_ai.prompt.0.content", "Be brief.",
                "gen_ai.prompt.1.role", "user", "gen_ai.prompt.1.content", "Weather?",
                "gen_ai.completion.0.role", "assistant", "gen_ai.completion.0.finish_reason", "tool_calls",
                "gen_ai.completion.0.tool_calls.0.id", "call_9", "gen_ai.completion.0.tool_calls.0.name", "weather",
                "gen_ai.completion.0.tool_calls.0.arguments", "{\"city\":\"Oslo\"}",
                "gen_ai.usage.prompt_tokens", 31L, "gen_ai.usage.completion_tokens", 7L)), true);

        assertThat(log.kind()).isEqualTo("prompt");
        assertThat(log.logId()).isEqualTo("otel_" + TRACE + "_00f067aa0ba902b7");
        assertThat(log.parentLogId()).isEqualTo("otel_" + TRACE + "_b7ad6b7169203331");
        assertThat(log.explicitParent()).isFalse();
        var body = log.create();
        assertThat(body.get("path").stringValue()).isEqualTo("otel/svc/openai.chat");
        assertThat(body.get("prompt").toString()).isEqualTo("{\"model\":\"gpt-4\",\"endpoint\":\"chat\",\"provider\":\"openai\"}");
        assertThat(body.get("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather?\"}]");
        assertThat(body.get("output_message").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}");
        assertThat(body.get("prompt_tokens").asInt()).isEqualTo(31);
        assertThat(body.get("output_tokens").asInt()).isEqualTo(7);
        assertThat(body.get("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(body.get("provider_latency").toString()).isEqualTo("1.5");
        assertThat(body.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(body.get("trace_parent_id").stringValue()).isEqualTo(log.parentLogId());
        assertThat(body.get("metadata").get("otel").get("attributes")).as("every attribute was used").isNull();
    }

    @Test
    void openInferenceLlmToolAndChainSpans() {
        SpanLog llm = mapping.map(span("ChatCompletion", null, attributes(
                "openinference.span.kind", "LLM", "llm.model_name", "claude-3-5-sonnet", "llm.provider", "anthropic",
                "llm.invocation_parameters", "{\"temperature\":0.1,\"max_tokens\":64,\"stream\":false}",
                "llm.input_messages.0.message.role", "user", "llm.input_messages.0.message.content", "Hi {{name}}",
                "llm.output_messages.0.message.role", "assistant", "llm.output_messages.0.message.content", "Hello",
                "llm.token_count.prompt", 5L, "llm.token_count.completion", 1L,
                "llm.prompt_template.template", "Hi {{name}}", "llm.prompt_template.variables", "{\"name\":\"Ada\"}")),
                true);
        assertThat(llm.kind()).isEqualTo("prompt");
        assertThat(llm.parentLogId()).isNull();
        assertThat(llm.create().get("prompt").toString()).isEqualTo("{\"model\":\"claude-3-5-sonnet\","
                + "\"endpoint\":\"chat\",\"provider\":\"anthropic\",\"temperature\":0.1,\"max_tokens\":64,"
                + "\"template\":\"Hi {{name}}\"}");
        assertThat(llm.create().get("inputs").toString()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(llm.create().get("output").stringValue()).isEqualTo("Hello");
        assertThat(llm.create().get("prompt_tokens").asInt()).isEqualTo(5);

        SpanLog tool = mapping.map(span("search", "b7ad6b7169203331", attributes(
                "openinference.span.kind", "TOOL", "tool.name", "search", "tool.description", "Web search",
                "tool.parameters", "{\"type\":\"object\"}", "input.value", "{\"q\":\"otel\"}",
                "output.value", "3 results")), true);
        assertThat(tool.kind()).isEqualTo("tool");
        assertThat(tool.create().get("tool").toString()).isEqualTo(
                "{\"function\":{\"name\":\"search\",\"description\":\"Web search\",\"parameters\":{\"type\":\"object\"}}}");
        assertThat(tool.create().get("inputs").toString()).isEqualTo("{\"q\":\"otel\"}");
        assertThat(tool.create().get("output").stringValue()).isEqualTo("3 results");

        SpanLog chain = mapping.map(span("RAG pipeline", null, attributes(
                "openinference.span.kind", "CHAIN", "input.value", "what is otel?", "output.value", "a standard")),
                true);
        assertThat(chain.kind()).isEqualTo("flow");
        assertThat(chain.create().get("inputs").toString()).isEqualTo("{\"input\":\"what is otel?\"}");
        assertThat(chain.create().get("log_status").stringValue()).as("created open").isEqualTo("incomplete");
        assertThat(chain.completion().toString()).isEqualTo("{\"output\":\"a standard\",\"log_status\":\"complete\"}");
    }

    @Test
    void traceloopWorkflowsAreFlowsNamedByTheirEntity() {
        SpanLog workflow = mapping.map(span("joke_workflow.workflow", null, attributes(
                "traceloop.span.kind", "workflow", "traceloop.entity.name", "joke_workflow",
                "traceloop.entity.input", "{\"args\":[],\"kwargs\":{\"topic\":\"otel\"}}",
                "traceloop.entity.output", "\"a joke\"")), true);
        assertThat(workflow.kind()).isEqualTo("flow");
        assertThat(workflow.create().get("path").stringValue()).isEqualTo("otel/svc/joke_workflow");
        assertThat(workflow.create().get("inputs").toString()).isEqualTo("{\"args\":[],\"kwargs\":{\"topic\":\"otel\"}}");
        assertThat(workflow.completion().get("output").stringValue()).isEqualTo("\"a joke\"");
    }

    @Test
    void aSpanWithoutOutputIsAFlowLogThatStaysOpen() {
        SpanLog http = mapping.map(span("GET /users/{id}", null, attributes("http.request.method", "GET")), true);
        assertThat(http.kind()).isEqualTo("flow");
        assertThat(http.create().get("path").stringValue()).as("slashes kept out of the segment")
                .isEqualTo("otel/svc/GET _users_{id}");
        assertThat(http.completion()).isNull();
        assertThat(http.create().get("inputs").toString()).isEqualTo("{}");
        assertThat(http.create().get("end_time").stringValue()).isEqualTo("2025-02-01T12:00:01.500Z");
    }

    @Test
    void aFailedSpanIsALogWithItsError() {
        var exception = new SpanData.Event("exception", START, Map.of("exception.type", "TimeoutError",
                "exception.message", "provider did not answer"));
        SpanLog failed = mapping.map(span("execute_tool fetch", null, attributes(
                "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "fetch"), 2, List.of(exception)), true);
        assertThat(failed.create().get("error").stringValue()).isEqualTo("TimeoutError: provider did not answer");
        SpanLog agent = mapping.map(span("invoke_agent", null, attributes("gen_ai.operation.name", "invoke_agent"),
                2, List.of()), true);
        assertThat(agent.completion().toString()).as("an error completes a Flow Log")
                .isEqualTo("{\"error\":\"the span ended with status ERROR\",\"log_status\":\"complete\"}");
    }

    @Test
    void humanloopAttributesComeBackInTheirOrderAndTypes() {
        // as the SDK's exporter writes them: depth first from a stack, so last key first, all text
        SpanLog tool = mapping.map(span("humanloop.tool", null, attributes(
                "humanloop.file.function.strict", "true",
                "humanloop.file.function.parameters.required", "a,b",
                "humanloop.file.function.parameters.properties.b.type", "boolean",
                "humanloop.file.function.parameters.properties.a.minimum", "0",
                "humanloop.file.function.parameters.properties.a.type", "integer",
                "humanloop.file.function.parameters.type", "object",
                "humanloop.file.function.description", "d",
                "humanloop.file.function.name", "f",
                "humanloop.file.type", "tool", "humanloop.file.path", "demo/F",
                "humanloop.log.trace_parent_id", "log_flow",
                "humanloop.log.output", "ok",
                "humanloop.log.inputs.b", "true",
                "humanloop.log.inputs.a", "7",
                "humanloop.log.unknown_field", "ignored like an unknown key of a REST body")), false);
        assertThat(tool.parentLogId()).isEqualTo("log_flow");
        assertThat(tool.explicitParent()).isTrue();
        assertThat(tool.create().get("tool").toString()).isEqualTo("{\"function\":{\"name\":\"f\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":0},"
                + "\"b\":{\"type\":\"boolean\"}},\"required\":[\"a\",\"b\"]},\"strict\":true}}");
        assertThat(tool.create().get("inputs").toString()).isEqualTo("{\"a\":7,\"b\":true}");
        assertThat(tool.create().get("metadata")).as("no otel metadata for the SDK's spans").isNull();
        assertThat(tool.create().has("unknown_field")).isFalse();
    }

    @Test
    void aFlowSpanNamingItsLogChangesThatLog() {
        SpanLog flow = mapping.map(span("humanloop.flow", null, attributes(
                "humanloop.file.type", "flow", "humanloop.file.path", "demo/Flow", "humanloop.log.id", "log_1",
                "humanloop.log.output_message.content", "4", "humanloop.log.output_message.role", "assistant",
                "humanloop.log.log_status", "complete", "humanloop.log.sourceDatapointId", "dp_1",
                "humanloop.log.runId", "run_1")), false);
        assertThat(flow.update()).isTrue();
        assertThat(flow.logId()).isEqualTo("log_1");
        assertThat(flow.completion().toString()).isEqualTo("{\"output_message\":{\"role\":\"assistant\","
                + "\"content\":\"4\"},\"log_status\":\"complete\",\"source_datapoint_id\":\"dp_1\","
                + "\"run_id\":\"run_1\",\"start_time\":\"2025-02-01T12:00:00Z\"}");
    }

    @Test
    void badAttributesAreProblemsOfTheSpan() {
        assertThatThrownBy(() -> mapping.map(span("x", null, attributes(
                "humanloop.file.type", "dataset", "humanloop.log.prompt_tokens", "many",
                "humanloop.log." + "a.".repeat(40) + "b", "deep")), true))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().stream()
                        .map(p -> p.loc().get(1) + ": " + p.msg()).toList()).containsExactly(
                        "humanloop.file.type: 'dataset' is not a kind of log spans can write: flow, prompt or tool",
                        "humanloop.log." + "a.".repeat(40) + "b: nested deeper than 32 levels",
                        "humanloop.log.prompt_tokens: a number is expected"));
        assertThatThrownBy(() -> mapping.map(span("chat", null, attributes(
                "gen_ai.operation.name", "chat", "gen_ai.input.messages", "[{")), true))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("invalid JSON");
    }
}
