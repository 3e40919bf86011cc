package dev.tracevault.events.flowlog;

import org.axonframework.serialization.Revision;

/** The error of a log was set. */
@Revision("1")
public record ErrorSet(String logId, String error) {
}
