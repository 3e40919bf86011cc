package dev.tracevault.command.evaluation;

/** The deadline of an evaluation passed (the payload of the saga's deadline). */
public record EvaluationOverdue(String evaluationId) {
}
