package dev.tracevault.command.log;

import dev.tracevault.events.log.EvaluatorVersionRef;
import java.util.List;

/**
 * The evaluator versions that monitor a file and that the server runs itself ({@code python},
 * {@code llm}): what a log of that file must be judged by when it reaches a version worth judging.
 * Passed to the log aggregates' command handlers.
 */
public interface MonitoringEvaluators {

    List<EvaluatorVersionRef> runnableFor(String fileId);
}
