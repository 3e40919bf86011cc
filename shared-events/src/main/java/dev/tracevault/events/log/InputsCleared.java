package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The inputs of a log were unset. */
@Revision("1")
public record InputsCleared(String logId) implements LogChange {
}
