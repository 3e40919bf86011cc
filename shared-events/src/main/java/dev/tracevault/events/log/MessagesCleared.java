package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The messages of a log were unset. */
@Revision("1")
public record MessagesCleared(String logId) implements LogChange {
}
