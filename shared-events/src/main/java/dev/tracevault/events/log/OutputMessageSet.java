package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The output message of a log was set. */
@Revision("1")
public record OutputMessageSet(String logId, ChatMessage outputMessage) implements LogChange {
}
