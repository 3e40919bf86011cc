package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The messages of a log were set. */
@Revision("1")
public record MessagesSet(String logId, java.util.List<ChatMessage> messages) implements LogChange {
}
