package dev.tracevault.command.evaluation;

/**
 * Run one evaluator version on one version of a log, and record the outcome as the Evaluator Log
 * {@code evaluatorLogId} (the same id whatever happens, so it is recorded at most once).
 *
 * @param judgedSequence the sequence number of the log's event the judgment is about
 */
public record RunEvaluator(
        String evaluationId,
        String evaluatorId,
        String versionId,
        String logId,
        long judgedSequence,
        String evaluatorLogId) {
}
