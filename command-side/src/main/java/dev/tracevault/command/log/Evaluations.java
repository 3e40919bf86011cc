package dev.tracevault.command.log;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.events.log.EvaluationRequested;
import java.time.Instant;
import java.util.UUID;

/**
 * When a log is judged by its file's monitoring evaluators (spec §4.5): a Flow Log when it becomes
 * complete, and again whenever a complete one changes; a Prompt or Tool Log when it is created
 * without a status or complete, when it completes, and whenever it changes while not incomplete.
 * A log whose file has no runnable monitors records nothing.
 */
public final class Evaluations {

    private Evaluations() {
    }

    /** Records an {@link EvaluationRequested} for the log's current version, if any evaluator is due. */
    public static void request(String logId, String fileId, MonitoringEvaluators monitors, Instant now) {
        var due = monitors.runnableFor(fileId);
        if (!due.isEmpty()) {
            apply(new EvaluationRequested(logId, UUID.randomUUID().toString(), fileId, due, now));
        }
    }
}
