package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The output message of a log was unset. */
@Revision("1")
public record OutputMessageCleared(String logId) implements LogChange {
}
