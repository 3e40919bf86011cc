package dev.tracevault.command.otel;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tracevault.command.validation.OtlpIds;
import dev.tracevault.command.validation.Utf8;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading an OTLP/HTTP trace export: its body (bounded, gzip or not), in its encoding (protobuf
 * with the official OpenTelemetry classes, or JSON), flattened into {@link SpanData}.
 */
public final class OtlpRequests {

    /** How the request (and so the answer) is encoded. */
    public enum Encoding { JSON, PROTOBUF }

    private OtlpRequests() {
    }

    /**
     * The encoding a {@code Content-Type} names: protobuf, or JSON ({@code application/json}, and
     * {@code text/plain}, what the Humanloop SDK's exporter sends, or none at all).
     */
    public static Encoding encoding(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Encoding.JSON;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> Encoding.PROTOBUF;
            case "application/json", "text/plain" -> Encoding.JSON;
            default -> throw new OtlpFormatException(415, "Content-Type '" + type
                    + "' is not OTLP: send application/x-protobuf or application/json");
        };
    }

    /**
     * The request body, decompressed if {@code Content-Encoding} says gzip, refused (413) once it
     * passes {@code maxBytes} either way.
     */
    public static byte[] read(InputStream in, String contentEncoding, long declaredLength, long maxBytes)
            throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] raw = bounded(in, maxBytes);
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> {
                try (var gzip = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    yield bounded(gzip, maxBytes);
                } catch (IOException e) {
                    throw new OtlpFormatException("the body is not valid gzip: " + e.getMessage());
                }
            }
            default -> throw new OtlpFormatException(415, "Content-Encoding '" + encoding
                    + "' is not supported: send gzip or no encoding");
        };
    }

    private static byte[] bounded(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    private static OtlpFormatException tooLarge(long maxBytes) {
        return new OtlpFormatException(413, "the request is larger than " + maxBytes
                + " bytes (tracevault.otel.max-request-size): send smaller batches");
    }

    public static ExportTraceServiceRequest decode(byte[] body, Encoding encoding, JsonMapper mapper) {
        if (encoding == Encoding.PROTOBUF) {
            try {
                return ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new OtlpFormatException("invalid OTLP protobuf: " + e.getMessage());
            }
        }
        if (body.length == 0) {
            throw new OtlpFormatException("an OTLP/JSON ExportTraceServiceRequest is required");
        }
        String encodingProblem = Utf8.problem(body);
        if (encodingProblem != null) {
            throw new OtlpFormatException(encodingProblem);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new OtlpFormatException("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new OtlpFormatException("an OTLP/JSON ExportTraceServiceRequest object is required");
        }
        return OtlpJson.read(root);
    }

    /** Every span of the request, in the order it lists them. */
    public static List<SpanData> spans(ExportTraceServiceRequest request) {
        List<SpanData> spans = new ArrayList<>();
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            var resourceSpans = request.getResourceSpans(r);
            Object service = value(resourceSpans.getResource().getAttributesList()).get("service.name");
            String serviceName = service == null ? null : service.toString();
            for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
                var scopeSpans = resourceSpans.getScopeSpans(s);
                for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
                    String where = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    spans.add(span(where, scopeSpans.getSpans(i), serviceName, scopeSpans.getScope().getName()));
                }
            }
        }
        return spans;
    }

    /** How many spans the request holds. */
    public static int count(ExportTraceServiceRequest request) {
        int count = 0;
        for (var resourceSpans : request.getResourceSpansList()) {
            for (var scopeSpans : resourceSpans.getScopeSpansList()) {
                count += scopeSpans.getSpansCount();
            }
        }
        return count;
    }

    private static SpanData span(String where, Span span, String serviceName, String scope) {
        int flags = span.getFlags();
        boolean remote = (flags & SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE) != 0
                && (flags & SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE) != 0;
        List<SpanData.Event> events = new ArrayList<>();
        for (var event : span.getEventsList()) {
            events.add(new SpanData.Event(event.getName(), time(event.getTimeUnixNano()),
                    value(event.getAttributesList())));
        }
        checkId(where, "trace_id", span.getTraceId());
        checkId(where, "span_id", span.getSpanId());
        checkId(where, "parent_span_id", span.getParentSpanId());
        return new SpanData(where, hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
                remote, span.getName(), span.getKindValue(), time(span.getStartTimeUnixNano()),
                time(span.getEndTimeUnixNano()), value(span.getAttributesList()), serviceName, scope,
                span.getStatus().getCodeValue(), span.getStatus().getMessage(), events);
    }

    /** An id of the wrong length refuses the request, as in OTLP/JSON ({@link OtlpIds}). */
    private static void checkId(String where, String field, ByteString id) {
        String problem = OtlpIds.problem(field, id.size());
        if (problem != null) {
            throw new OtlpFormatException(where + "." + field + ": " + problem);
        }
    }

    /** A hex id; null when absent or all zeros (OTLP's "invalid id"). */
    private static String hex(ByteString id) {
        byte[] bytes = id.toByteArray();
        for (byte b : bytes) {
            if (b != 0) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return null;
    }

    /** Nanoseconds since the epoch (unsigned) as an instant at microseconds, what the databases keep; 0: none. */
    private static Instant time(long unixNanos) {
        if (unixNanos == 0) {
            return null;
        }
        long seconds = Long.divideUnsigned(unixNanos, 1_000_000_000L);
        long nanos = Long.remainderUnsigned(unixNanos, 1_000_000_000L);
        return Instant.ofEpochSecond(seconds, nanos).truncatedTo(ChronoUnit.MICROS);
    }

    private static Map<String, Object> value(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            Object value = value(attribute.getValue());
            if (value != null) {
                map.put(attribute.getKey(), value);
            }
        }
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>();
                for (AnyValue item : value.getArrayValue().getValuesList()) {
                    list.add(value(item));
                }
                yield list;
            }
            case KVLIST_VALUE -> value(value.getKvlistValue().getValuesList());
            default -> null; // not set (or a reference into a profiles dictionary, not used by traces)
        };
    }
}
