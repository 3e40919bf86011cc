package dev.tracevault.command.web;

import com.google.protobuf.CodedOutputStream;
import dev.tracevault.command.otel.OtelSettings;
import dev.tracevault.command.otel.OtlpFormatException;
import dev.tracevault.command.otel.OtlpRequests.Encoding;
import dev.tracevault.command.otel.OtlpRequests;
import dev.tracevault.command.otel.SpanData;
import dev.tracevault.command.otel.SpanLog;
import dev.tracevault.command.otel.SpanMapping;
import dev.tracevault.command.otel.SpanWrites;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenTelemetry trace ingestion, two ways in:
 *
 * <ul>
 *   <li>{@code POST /v5/import/otel/v1/traces}: what the Humanloop SDK's decorators send (spec §5.4),
 *       OTLP/JSON as {@code text/plain}, one span a request. Answered like the REST API: 200
 *       {@code {"records": [<log id per span>]}} (the SDK reads {@code records[0]}), else a 4xx
 *       {@code {"detail": ...}}; every span is checked before any is written.</li>
 *   <li>{@code POST /v5/otlp/v1/traces}: standard OTLP/HTTP (protobuf or JSON, gzip or not), for
 *       applications instrumented with the GenAI conventions. Answered with an
 *       {@code ExportTraceServiceResponse} in the request's encoding; spans that cannot be stored are
 *       counted in its {@code partial_success}, the others are stored. A request that cannot be read
 *       at all is a 400 (413 when too large, 415 for another encoding) with a {@code google.rpc.Status}.</li>
 * </ul>
 */
@RestController
class OtelTraceController {

    private static final Pattern STEP = Pattern.compile("(\\w+)\\[(\\d+)]");
    private static final int MESSAGES_IN_PARTIAL_SUCCESS = 10;
    /** {@code google.rpc.Code.INVALID_ARGUMENT}. */
    private static final int INVALID_ARGUMENT = 3;

    private final SpanMapping mapping;
    private final SpanWrites spans;
    private final LogWrites writes;
    private final OtelSettings settings;
    private final JsonMapper mapper;

    OtelTraceController(SpanMapping mapping, SpanWrites spans, LogWrites writes, OtelSettings settings,
                        JsonMapper mapper) {
        this.mapping = mapping;
        this.spans = spans;
        this.writes = writes;
        this.settings = settings;
        this.mapper = mapper;
    }

    @PostMapping("/v5/import/otel/v1/traces")
    ResponseEntity<byte[]> humanloop(HttpServletRequest request) throws IOException {
        List<SpanData> received;
        try {
            received = read(request, OtlpRequests.encoding(request.getContentType()));
        } catch (OtlpFormatException e) {
            return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                    .body(mapper.writeValueAsBytes(Map.of("detail", e.getMessage())));
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<SpanWrites.Ready> ready = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (SpanData span : received) {
            try {
                SpanLog log = mapping.map(span, false);
                ready.add(spans.check(log));
                records.add(log.logId());
            } catch (InvalidInput e) {
                e.problems().forEach(p -> problems.add(located(span.where(), p)));
            }
        }
        SpanWrites.cycles(ready).forEach((where, e) -> e.problems().forEach(p -> problems.add(located(where, p))));
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        SpanWrites.Result result = spans.write(ready);
        if (!result.refused.isEmpty()) {
            var first = result.refused.entrySet().iterator().next();
            if (first.getValue() instanceof InvalidInput invalid) {
                throw new InvalidInput(invalid.problems().stream().map(p -> located(first.getKey(), p)).toList());
            }
            throw first.getValue();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("records", records);
        return writes.json(response);
    }

    @PostMapping("/v5/otlp/v1/traces")
    ResponseEntity<byte[]> otlp(HttpServletRequest request) throws IOException {
        Encoding encoding;
        try {
            encoding = OtlpRequests.encoding(request.getContentType());
        } catch (OtlpFormatException e) {
            return status(Encoding.JSON, e.status(), e.getMessage());
        }
        List<SpanData> received;
        try {
            received = read(request, encoding);
        } catch (OtlpFormatException e) {
            return status(encoding, e.status(), e.getMessage());
        }
        Map<String, String> refused = new LinkedHashMap<>();
        List<SpanWrites.Ready> ready = new ArrayList<>();
        for (SpanData span : received) {
            try {
                ready.add(spans.check(mapping.map(span, true)));
            } catch (InvalidInput e) {
                refused.put(span.where(), describe(e));
            }
        }
        var cycles = SpanWrites.cycles(ready);
        cycles.forEach((where, e) -> refused.put(where, describe(e)));
        ready.removeIf(span -> cycles.containsKey(span.log().where()));
        SpanWrites.Result result = spans.write(ready);
        result.refused.forEach((where, e) -> refused.put(where, describe(e)));
        var response = ExportTraceServiceResponse.newBuilder();
        if (!refused.isEmpty()) {
            List<String> messages = new ArrayList<>();
            refused.entrySet().stream().limit(MESSAGES_IN_PARTIAL_SUCCESS)
                    .forEach(e -> messages.add(e.getKey() + ": " + e.getValue()));
            String more = refused.size() > MESSAGES_IN_PARTIAL_SUCCESS
                    ? "; and " + (refused.size() - MESSAGES_IN_PARTIAL_SUCCESS) + " more" : "";
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(refused.size())
                    .setErrorMessage(refused.size() + " of " + received.size() + " spans were not stored: "
                            + String.join("; ", messages) + more));
        }
        return answer(encoding, response.build());
    }

    private List<SpanData> read(HttpServletRequest request, Encoding encoding) throws IOException {
        byte[] body = OtlpRequests.read(request.getInputStream(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
                request.getContentLengthLong(), settings.maxRequestBytes());
        var export = OtlpRequests.decode(body, encoding, mapper);
        int count = OtlpRequests.count(export);
        if (count > settings.maxSpansPerRequest()) {
            throw new OtlpFormatException(413, "the request holds " + count + " spans, more than "
                    + settings.maxSpansPerRequest() + " (tracevault.otel.max-spans-per-request): send smaller batches");
        }
        return OtlpRequests.spans(export);
    }

    private ResponseEntity<byte[]> answer(Encoding encoding, ExportTraceServiceResponse response) {
        if (encoding == Encoding.PROTOBUF) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-protobuf"))
                    .body(response.toByteArray());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (response.hasPartialSuccess()) {
            Map<String, Object> partial = new LinkedHashMap<>();
            // proto3's JSON mapping writes int64 as a string
            partial.put("rejectedSpans", Long.toString(response.getPartialSuccess().getRejectedSpans()));
            partial.put("errorMessage", response.getPartialSuccess().getErrorMessage());
            json.put("partialSuccess", partial);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsBytes(json));
    }

    /** An OTLP failure: a {@code google.rpc.Status} in the request's encoding (in JSON with our {@code detail}). */
    private ResponseEntity<byte[]> status(Encoding encoding, int status, String message) throws IOException {
        if (encoding == Encoding.PROTOBUF) {
            var bytes = new ByteArrayOutputStream();
            var out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, INVALID_ARGUMENT);
            out.writeString(2, message);
            out.flush();
            return ResponseEntity.status(status).contentType(MediaType.parseMediaType("application/x-protobuf"))
                    .body(bytes.toByteArray());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", INVALID_ARGUMENT);
        json.put("message", message);
        json.put("detail", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(mapper.writeValueAsBytes(json));
    }

    /** A problem of a span's log, located in the request: {@code body, resourceSpans, 0, ..., spans, 2, <where>}. */
    private static FieldProblem located(String where, FieldProblem problem) {
        List<Object> loc = new ArrayList<>(List.of("body"));
        var steps = STEP.matcher(where);
        while (steps.find()) {
            loc.add(steps.group(1));
            loc.add(Integer.parseInt(steps.group(2)));
        }
        List<Object> inner = problem.loc();
        if (!inner.isEmpty() && "body".equals(inner.getFirst())) {
            loc.add("log"); // a field of the log the span stands for
            loc.addAll(inner.subList(1, inner.size()));
        } else {
            loc.addAll(inner);
        }
        return new FieldProblem(loc, problem.msg(), problem.type());
    }

    private static String describe(RuntimeException e) {
        if (e instanceof InvalidInput invalid) {
            List<String> parts = new ArrayList<>();
            for (FieldProblem problem : invalid.problems()) {
                List<Object> loc = new ArrayList<>(problem.loc());
                if (!loc.isEmpty() && "body".equals(loc.getFirst())) {
                    loc.set(0, "log"); // a field of the log the span stands for
                }
                parts.add(String.join(".", loc.stream().map(String::valueOf).toList()) + ": " + problem.msg());
            }
            return String.join(", ", parts);
        }
        return e.getMessage();
    }
}
