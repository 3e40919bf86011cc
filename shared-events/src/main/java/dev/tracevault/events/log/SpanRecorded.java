package dev.tracevault.events.log;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The log {@code logId} was recorded from the OpenTelemetry span {@code spanId} of the trace
 * {@code traceId} (hex ids), which ran from {@code startTime} to {@code endTime}. A Flow Log keeps
 * the window: a span that started before its span ended belongs to its trace even when it is
 * delivered after the log completed.
 */
@Revision("1")
public record SpanRecorded(String logId, String traceId, String spanId, Instant startTime, Instant endTime) implements LogChange {
}
