package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The file {@code fileId} is monitored by an evaluator: pinned to {@code evaluatorVersionId}, or
 * following the version of {@code evaluatorId} deployed to {@code environment} (then the version
 * id is null).
 */
@Revision("1")
public record MonitoringEvaluatorActivated(String fileId, String evaluatorId, String evaluatorVersionId,
                                           String environment, Instant at) {
}
