package dev.tracevault.events.log;

/** One version of an evaluator. */
public record EvaluatorVersionRef(String evaluatorId, String versionId) {
}
