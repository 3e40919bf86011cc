package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The error of a log was unset (a PATCH sent null). */
@Revision("1")
public record ErrorCleared(String logId) implements LogChange {
}
