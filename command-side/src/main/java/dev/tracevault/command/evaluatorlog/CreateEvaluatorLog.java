package dev.tracevault.command.evaluatorlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a judgment of the log {@code parentId} by one evaluator version, posted by a client or
 * produced by a monitoring evaluator ({@code evaluationId} and {@code judgedSequence} set).
 */
public record CreateEvaluatorLog(
        @TargetAggregateIdentifier String logId,
        String evaluatorId,
        String versionId,
        String parentId,
        CommonLogFields fields,
        ChatMessage outputMessage,
        Object judgment,
        Boolean markedCompleted,
        LogStatus status,
        TraceRef trace,
        String evaluationId,
        Long judgedSequence,
        boolean clientLogId,
        String requestDigest,
        Instant now) {
}
