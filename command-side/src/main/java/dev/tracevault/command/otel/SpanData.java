package dev.tracevault.command.otel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One span of an OTLP request, flattened: its ids in hex, its times, its attributes as plain Java
 * values (String, Boolean, Long, Double, List, Map), and what it needs from its resource and scope.
 *
 * @param where        where the span is in the request, for error messages
 * @param parentRemote whether the span's parent is in another process (OTLP span flags)
 * @param status       the status code: 0 unset, 1 ok, 2 error
 */
public record SpanData(
        String where,
        String traceId,
        String spanId,
        String parentSpanId,
        boolean parentRemote,
        String name,
        int kind,
        Instant start,
        Instant end,
        Map<String, Object> attributes,
        String serviceName,
        String scope,
        int status,
        String statusMessage,
        List<Event> events) {

    /** A span event (for example an {@code exception}), with its attributes. */
    public record Event(String name, Instant time, Map<String, Object> attributes) {
    }
}
