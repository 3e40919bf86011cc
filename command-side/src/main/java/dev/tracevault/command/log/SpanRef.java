package dev.tracevault.command.log;

import java.time.Instant;

/**
 * The OpenTelemetry span a write comes from: its trace and span ids (hex) and when it ran. Writes
 * made through the REST API have none.
 */
public record SpanRef(String traceId, String spanId, Instant start, Instant end) {
}
