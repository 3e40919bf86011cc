package dev.tracevault.events.log;

import org.axonframework.serialization.Revision;

/** The output text of a log was unset (a PATCH sent null). */
@Revision("1")
public record OutputCleared(String logId) implements LogChange {
}
