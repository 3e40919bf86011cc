package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** Inputs of a log were set (replacing the earlier ones). */
@Revision("1")
public record InputsSet(String logId, java.util.Map<String, Object> inputs) implements LogChange {
}
