package dev.tracevault.command.log;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.events.log.LogCompleted;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The rules of Prompt, Tool and Evaluator Logs (spec §4.2, last rows). The status is optional:
 * unspecified means "evaluate when you like", {@code incomplete} means "I will complete it later";
 * {@code complete} never goes back. Any field may change afterwards, complete or not. A log that is
 * not incomplete is judged by its monitoring evaluators (spec §4.5) when created, when it
 * completes, and whenever it changes.
 */
public abstract class StatusLog extends LogAggregate {

    /**
     * Creates the log through {@code created}, or answers a retry of the same request.
     *
     * @param endTime the client's end time: a log created complete completes then (or now)
     */
    protected final LogWritten create(String requestLogId, String digest, LogStatus requested, Instant endTime,
                                      Instant now, MonitoringEvaluators monitors, EvaluationIds ids,
                                      Supplier<Object> created) {
        if (createdBy(requestLogId, digest)) {
            return written();
        }
        apply(created.get());
        if (requested == LogStatus.COMPLETE) {
            apply(new LogCompleted(requestLogId, endTime != null ? endTime : now));
        }
        if (requested != LogStatus.INCOMPLETE) {
            requestEvaluation(monitors, ids, now);
        }
        return written();
    }

    protected final LogWritten update(LogUpdate update, LogStatus requested, Instant now,
                                      MonitoringEvaluators monitors, EvaluationIds ids) {
        requireChangeable(requested);
        boolean incomplete = status() == LogStatus.INCOMPLETE;
        boolean completing = completes(requested);
        var changes = applyChanges(update);
        if (completing) {
            apply(new LogCompleted(logId(), now));
        }
        if (completing || !incomplete && !changes.isEmpty()) {
            requestEvaluation(monitors, ids, now);
        }
        return written();
    }
}
