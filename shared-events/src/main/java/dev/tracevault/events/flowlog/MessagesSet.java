package dev.tracevault.events.flowlog;

import org.axonframework.serialization.Revision;

/** The messages of a log were set. */
@Revision("1")
public record MessagesSet(String logId, java.util.List<dev.tracevault.events.log.ChatMessage> messages) {
}
