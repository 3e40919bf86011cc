package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The file {@code fileId} is no longer monitored by the evaluator as {@code target} names it.
 * Revision 2, as {@link MonitoringEvaluatorActivated}.
 */
@Revision("2")
public record MonitoringEvaluatorDeactivated(String fileId, String evaluatorId, MonitorTarget target, Instant at) {
}
