package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The output text of a log was set. */
@Revision("1")
public record OutputSet(String logId, String output) implements LogChange {
}
