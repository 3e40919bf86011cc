package dev.tracevault.command.evaluation;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import java.time.Instant;

/**
 * Record what a run of {@code job} produced as its Evaluator Log, unless one was recorded already.
 *
 * @param startedAt when the run started, or null if it never ran
 */
public record RecordEvaluatorOutcome(RunEvaluator job, EvaluatorOutcome outcome, Instant startedAt, Instant endedAt) {
}
