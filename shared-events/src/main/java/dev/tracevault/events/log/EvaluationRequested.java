package dev.tracevault.events.log;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The log reached a version its file's monitoring evaluators must judge (spec §4.5): it completed,
 * was created complete or without a status, or a complete log changed. Names the evaluator
 * versions due, as they were active at that moment; only evaluators the server runs itself
 * ({@code python}, {@code llm}) are named. The evaluation saga starts on it.
 *
 * @param evaluationId one evaluation of this log version, the saga's association
 */
@Revision("1")
public record EvaluationRequested(String logId, String evaluationId, String fileId, List<EvaluatorVersionRef> evaluators,
                                  Instant requestedAt) implements LogChange {
}
