package dev.tracevault.events.log;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A log became complete at {@code completedAt}, which is also its new end time. It never reopens. */
@Revision("1")
public record LogCompleted(String logId, Instant completedAt) implements LogChange {
}
