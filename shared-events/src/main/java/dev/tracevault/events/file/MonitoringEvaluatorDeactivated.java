package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The file {@code fileId} is no longer monitored by the evaluator named as in its activation. */
@Revision("1")
public record MonitoringEvaluatorDeactivated(String fileId, String evaluatorId, String evaluatorVersionId,
                                             String environment, Instant at) {
}
