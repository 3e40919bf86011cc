package dev.tracevault.events.flowlog;

import org.axonframework.serialization.Revision;

/** The output message of a log was set. */
@Revision("1")
public record OutputMessageSet(String logId, dev.tracevault.events.log.ChatMessage outputMessage) {
}
