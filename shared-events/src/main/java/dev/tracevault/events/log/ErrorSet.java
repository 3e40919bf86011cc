package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The error of a log was set. */
@Revision("1")
public record ErrorSet(String logId, String error) implements LogChange {
}
