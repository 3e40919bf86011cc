package dev.tracevault.events.evaluatorlog;

import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An Evaluator Log was created: a judgment of the log {@code parentId} by one evaluator version,
 * posted by a client ({@code POST /evaluators/log}) or produced by a monitoring evaluator.
 *
 * @param judgment        true/false, a number, a string, a list of strings, or null (withdrawn or
 *                        failed: then {@code fields.error} says why)
 * @param evaluationId    the evaluation that produced it, or null for a posted judgment
 * @param judgedSequence  the sequence number of the judged log's event the judgment is about (the
 *                        log version judged), or null for a posted judgment
 */
@Revision("1")
public record EvaluatorLogCreated(
        String logId,
        String evaluatorId,
        String versionId,
        String parentId,
        CommonLogFields fields,
        ChatMessage outputMessage,
        Object judgment,
        Boolean markedCompleted,
        String status,
        TraceRef trace,
        String evaluationId,
        Long judgedSequence,
        boolean clientLogId,
        String requestDigest,
        Instant loggedAt) {
}
