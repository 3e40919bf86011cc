package dev.tracevault.events.file;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The file {@code fileId} is monitored by the evaluator {@code evaluatorId}, following
 * {@code target}.
 *
 * <p>Revision 2: revision 1 had {@code evaluatorVersionId} and {@code environment} side by side,
 * where exactly one was meant to be set; {@link MonitorTarget} makes that the only shape
 * possible. Stored revision 1 events are upcast on reading (server {@code upcasting}).
 */
@Revision("2")
public record MonitoringEvaluatorActivated(String fileId, String evaluatorId, MonitorTarget target, Instant at) {
}
