package dev.tracevault.events.log;

/**
 * The trace a log belongs to: the id of its root Flow Log and the id of that root's Flow file.
 */
public record TraceRef(String traceId, String traceFlowId) {
}
