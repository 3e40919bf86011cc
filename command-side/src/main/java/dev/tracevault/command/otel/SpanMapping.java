package dev.tracevault.command.otel;

import dev.tracevault.command.log.SpanRef;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one span into the log it stands for ({@link SpanLog}), in the shape of the REST request that
 * would have written it. What the span says with {@code humanloop.*} attributes (the SDK's
 * decorators) wins over what it says in the GenAI conventions.
 *
 * <ul>
 *   <li>Kind: {@code humanloop.file.type}, else {@code gen_ai.operation.name} ({@code chat},
 *       {@code text_completion}, {@code generate_content}: Prompt; {@code execute_tool}: Tool),
 *       {@code openinference.span.kind} ({@code LLM}, {@code TOOL}), {@code traceloop.span.kind};
 *       any other span is a Flow Log (a step that holds others).</li>
 *   <li>Log id: {@code humanloop.log.id} names an existing log to change; else the span's own id,
 *       {@code otel_<trace id>_<span id>}, so that a span sent twice is the same log.</li>
 *   <li>Parent: {@code humanloop.log.trace_parent_id}, else the parent span's log; a root span (or
 *       one whose parent is in another process) starts a trace of its own.</li>
 * </ul>
 */
@Component
public class SpanMapping {

    private static final Set<String> KINDS = Set.of("flow", "prompt", "tool");
    private static final int ERROR = 2;
    private static final int MAX_SEGMENT = 200;

    private final JsonMapper mapper;
    private final OtelSettings settings;

    SpanMapping(JsonMapper mapper, OtelSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
    }

    /** The log id of a span: the same span always gives the same id. */
    public static String logId(String traceId, String spanId) {
        return "otel_" + traceId + "_" + spanId;
    }

    /**
     * @param withOtelMetadata whether to keep the span's identity and the attributes no mapping used
     *                         under {@code metadata.otel} (not for the Humanloop SDK's spans, whose logs
     *                         look as Humanloop made them)
     * @throws InvalidInput what is wrong with the span, located at its fields ({@code attributes, <key>})
     */
    public SpanLog map(SpanData span, boolean withOtelMetadata) {
        SpanAttributes a = new SpanAttributes(span.attributes(), mapper);
        List<FieldProblem> problems = new ArrayList<>();
        if (span.traceId() == null) {
            problems.add(new FieldProblem(List.of("traceId"), "a trace id (32 hex digits, not all zero) is required",
                    "value_error.missing"));
        }
        if (span.spanId() == null) {
            problems.add(new FieldProblem(List.of("spanId"), "a span id (16 hex digits, not all zero) is required",
                    "value_error.missing"));
        }
        String declared = a.text(HumanloopSpans.FILE_TYPE);
        String kind = declared != null ? declared : GenAiSpans.kind(a);
        if (!KINDS.contains(kind)) {
            a.problem(HumanloopSpans.FILE_TYPE, "'" + kind + "' is not a kind of log spans can write:"
                    + " flow, prompt or tool");
            kind = "flow";
        }
        Map<String, Object> fields = HumanloopSpans.logFields(a);
        Map<String, Object> kernel = HumanloopSpans.kernel(a, kind);
        String path = a.text(HumanloopSpans.PATH);
        String fileId = HumanloopSpans.fileId(a);
        SpanRef ref = new SpanRef(span.traceId(), span.spanId(), span.start(), span.end());

        String updated = (String) fields.remove("id");
        if (updated != null) {
            if (!kind.equals("flow")) {
                a.problem(HumanloopSpans.LOG + ".id", "only a Flow Log can be changed by a span");
            }
            check(problems, a);
            ObjectNode changes = mapper.createObjectNode();
            // what a PATCH takes, and what the SDK's evaluation context adds to the flow's span
            for (String field : List.of("inputs", "messages", "output", "output_message", "error", "log_status",
                    "source_datapoint_id", "run_id")) {
                if (fields.containsKey(field)) {
                    changes.set(field, mapper.valueToTree(fields.get(field)));
                }
            }
            if (span.start() != null) {
                changes.put("start_time", span.start().toString());
            }
            return new SpanLog(span.where(), kind, updated, true, null, true, null, changes, ref);
        }

        String logId = fields.containsKey("log_id") ? (String) fields.remove("log_id")
                : span.traceId() == null || span.spanId() == null ? null : logId(span.traceId(), span.spanId());
        String parent = (String) fields.remove("trace_parent_id");
        boolean explicitParent = parent != null;
        if (parent == null && span.parentSpanId() != null && !span.parentRemote() && span.traceId() != null) {
            parent = logId(span.traceId(), span.parentSpanId());
        }
        String error = fields.containsKey("error") ? (String) fields.remove("error") : statusError(span, a);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("log_id", logId);
        body.put("id", fileId);
        body.put("path", path != null || fileId != null ? path : defaultPath(span, a, kind));
        ObjectNode completion = null;
        switch (kind) {
            case "prompt" -> prompt(span, a, fields, kernel, error, body);
            case "tool" -> tool(span, a, fields, kernel, error, body);
            default -> completion = flow(a, fields, kernel, error, body);
        }
        for (String field : List.of("source", "user", "environment", "source_datapoint_id", "save", "stdout",
                "created_at", "provider_request", "provider_response")) {
            body.put(field, fields.get(field));
        }
        body.put("start_time", fields.containsKey("start_time") ? fields.get("start_time")
                : span.start() == null ? null : span.start().toString());
        body.put("end_time", fields.containsKey("end_time") ? fields.get("end_time")
                : span.end() == null ? null : span.end().toString());
        body.put("trace_parent_id", parent);
        body.put("metadata", metadata(span, a, fields, withOtelMetadata));
        check(problems, a);

        ObjectNode create = mapper.createObjectNode();
        body.forEach((k, v) -> {
            if (v != null) {
                create.set(k, mapper.valueToTree(v));
            }
        });
        return new SpanLog(span.where(), kind, logId, false, parent, explicitParent, create, completion, ref);
    }

    private static void check(List<FieldProblem> problems, SpanAttributes a) {
        problems.addAll(a.problems());
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    private void prompt(SpanData span, SpanAttributes a, Map<String, Object> fields, Map<String, Object> declared,
                        String error, Map<String, Object> body) {
        Map<String, Object> kernel = GenAiSpans.promptKernel(a);
        if (declared != null) {
            kernel.putAll(declared);
        }
        if (kernel.get("model") != null || declared != null) {
            body.put("prompt", kernel);
        }
        var messages = fields.containsKey("messages") ? fields.get("messages") : GenAiMessages.inputMessages(a);
        var outputMessage = fields.containsKey("output_message") ? fields.get("output_message")
                : GenAiMessages.outputMessage(a);
        @SuppressWarnings("unchecked")
        String outputText = outputMessage instanceof Map<?, ?> m ? GenAiMessages.text((Map<String, Object>) m) : null;
        body.put("messages", messages);
        body.put("output_message", outputMessage);
        body.put("output", fields.containsKey("output") ? fields.get("output")
                : outputText != null ? outputText : a.text("output.value"));
        body.put("error", error);
        Object variables = a.json("llm.prompt_template.variables");
        body.put("inputs", fields.containsKey("inputs") ? fields.get("inputs")
                : variables instanceof Map<?, ?> ? variables : null);
        body.put("prompt_tokens", or(fields.get("prompt_tokens"), GenAiSpans.promptTokens(a)));
        body.put("output_tokens", or(fields.get("output_tokens"), GenAiSpans.outputTokens(a)));
        body.put("reasoning_tokens", or(fields.get("reasoning_tokens"), GenAiSpans.reasoningTokens(a)));
        body.put("prompt_cost", fields.get("prompt_cost"));
        body.put("output_cost", fields.get("output_cost"));
        body.put("finish_reason", or(fields.get("finish_reason"), GenAiSpans.finishReason(a)));
        body.put("tool_choice", fields.get("tool_choice"));
        body.put("provider_latency", or(fields.get("provider_latency"), seconds(span)));
        body.put("run_id", fields.get("run_id"));
        body.put("log_status", or(fields.get("log_status"), "complete"));
    }

    private void tool(SpanData span, SpanAttributes a, Map<String, Object> fields, Map<String, Object> declared,
                      String error, Map<String, Object> body) {
        Map<String, Object> kernel = declared != null ? declared
                : GenAiSpans.toolKernel(a, GenAiSpans.fileName(span, a, "tool"));
        body.put("tool", kernel);
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = fields.containsKey("inputs")
                ? HumanloopSpans.typedInputs((Map<String, Object>) fields.get("inputs"), kernel)
                : GenAiSpans.inputs(a, "tool");
        body.put("inputs", inputs);
        body.put("output", fields.containsKey("output") ? fields.get("output") : GenAiSpans.output(a, "tool"));
        body.put("error", error);
        body.put("provider_latency", fields.get("provider_latency"));
        body.put("log_status", or(fields.get("log_status"), "complete"));
    }

    /**
     * A Flow Log is created open, with its inputs; the end of its span completes it when the span
     * gives an output, an output message or an error (Humanloop's condition for a complete Flow Log);
     * otherwise it stays open, with its end time.
     */
    private ObjectNode flow(SpanAttributes a, Map<String, Object> fields, Map<String, Object> declared,
                            String error, Map<String, Object> body) {
        if (declared != null) {
            body.put("flow", Map.of("attributes", declared.get("attributes") instanceof Map<?, ?> attributes
                    ? attributes : declared));
        }
        Object inputs = fields.containsKey("inputs") ? fields.get("inputs") : GenAiSpans.inputs(a, "flow");
        body.put("inputs", inputs != null ? inputs : Map.of());
        body.put("messages", fields.containsKey("messages") ? fields.get("messages") : GenAiMessages.inputMessages(a));
        body.put("run_id", fields.get("run_id"));
        body.put("log_status", "incomplete");
        Object output = fields.containsKey("output") ? fields.get("output") : GenAiSpans.output(a, "flow");
        Object outputMessage = fields.containsKey("output_message") ? fields.get("output_message")
                : GenAiMessages.outputMessage(a);
        Object status = fields.get("log_status");
        boolean ends = output != null || outputMessage != null || error != null;
        if ("complete".equals(status) && !ends) {
            a.problem(HumanloopSpans.LOG + ".log_status",
                    "a Flow Log can only be complete with inputs and an output, output_message or error");
        }
        if ("incomplete".equals(status) || status == null && !ends) {
            return null;
        }
        ObjectNode completion = mapper.createObjectNode();
        if (output != null) {
            completion.set("output", mapper.valueToTree(output));
        }
        if (outputMessage != null) {
            completion.set("output_message", mapper.valueToTree(outputMessage));
        }
        if (error != null) {
            completion.put("error", error);
        }
        completion.set("log_status", mapper.valueToTree(status != null ? status : "complete"));
        return completion;
    }

    private Object metadata(SpanData span, SpanAttributes a, Map<String, Object> fields, boolean withOtel) {
        Object given = fields.get("metadata");
        if (!withOtel) {
            return given;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (given instanceof Map<?, ?> map) {
            map.forEach((k, v) -> metadata.put(String.valueOf(k), v));
        }
        if (!metadata.containsKey("otel")) {
            Map<String, Object> otel = new LinkedHashMap<>();
            otel.put("trace_id", span.traceId());
            otel.put("span_id", span.spanId());
            if (span.parentSpanId() != null) {
                otel.put("parent_span_id", span.parentSpanId());
                if (span.parentRemote()) {
                    otel.put("parent_remote", true);
                }
            }
            otel.put("span_name", span.name());
            otel.put("service_name", span.serviceName());
            otel.put("scope", span.scope());
            Map<String, Object> unread = a.unread();
            if (!unread.isEmpty()) {
                otel.put("attributes", unread);
            }
            metadata.put("otel", otel);
        }
        return metadata;
    }

    /** The error a span's status reports: its message, else the exception it recorded. */
    private static String statusError(SpanData span, SpanAttributes a) {
        if (span.status() != ERROR) {
            return null;
        }
        if (span.statusMessage() != null && !span.statusMessage().isBlank()) {
            return span.statusMessage();
        }
        for (var event : span.events()) {
            if (event.name().equals("exception")) {
                Object type = event.attributes().get("exception.type");
                Object message = event.attributes().get("exception.message");
                if (type != null || message != null) {
                    return type == null ? message.toString()
                            : message == null ? type.toString() : type + ": " + message;
                }
            }
        }
        String type = a.text("error.type");
        return type != null ? type : "the span ended with status ERROR";
    }

    private String defaultPath(SpanData span, SpanAttributes a, String kind) {
        String service = span.serviceName() == null || span.serviceName().isBlank() ? "unknown_service"
                : span.serviceName();
        return segment(settings.pathPrefix()) + "/" + segment(service) + "/"
                + segment(GenAiSpans.fileName(span, a, kind));
    }

    /** A name as one path segment: no slashes or control characters, not empty, not too long. */
    static String segment(String name) {
        StringBuilder out = new StringBuilder();
        (name == null ? "" : name.strip()).codePoints().forEach(c -> {
            if (c == '/') {
                out.append('_');
            } else if (!Character.isISOControl(c)) {
                out.appendCodePoint(c);
            }
        });
        String segment = out.toString().strip();
        if (segment.length() > MAX_SEGMENT) {
            int end = Character.isHighSurrogate(segment.charAt(MAX_SEGMENT - 1)) ? MAX_SEGMENT - 1 : MAX_SEGMENT;
            segment = segment.substring(0, end).strip();
        }
        return segment.isEmpty() || segment.equals(".") || segment.equals("..") ? "_" : segment;
    }

    private static BigDecimal seconds(SpanData span) {
        if (span.start() == null || span.end() == null || span.end().isBefore(span.start())) {
            return null;
        }
        BigDecimal seconds = BigDecimal.valueOf(Duration.between(span.start(), span.end()).toNanos(), 9)
                .stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
    }

    private static Object or(Object first, Object second) {
        return first != null ? first : second;
    }
}
