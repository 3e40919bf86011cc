package dev.tracevault.events.log;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The fields every kind of log (Flow, Prompt, Tool, Evaluator) accepts when it is created, as the
 * client sent them. Absent fields are {@code null}. Numbers are kept as {@link BigDecimal} so that
 * what the client wrote is what it reads back.
 */
public record CommonLogFields(
        Instant startTime,
        Instant endTime,
        String output,
        Instant createdAt,
        String error,
        BigDecimal providerLatency,
        String stdout,
        Map<String, Object> providerRequest,
        Map<String, Object> providerResponse,
        Map<String, Object> inputs,
        String source,
        Map<String, Object> metadata,
        String sourceDatapointId,
        String traceParentId,
        String user,
        String environment,
        Boolean save) {
}
