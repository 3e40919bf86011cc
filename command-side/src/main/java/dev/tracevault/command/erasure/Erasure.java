package dev.tracevault.command.erasure;

import dev.tracevault.command.evaluatorlog.EraseEvaluatorLog;
import dev.tracevault.command.flowlog.EraseFlowLog;
import dev.tracevault.command.log.LogRegistry;
import dev.tracevault.command.otel.PendingSpans;
import dev.tracevault.command.promptlog.ErasePromptLog;
import dev.tracevault.command.toollog.EraseToolLog;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases logs for good: the logs asked for, every log below them in their traces and every
 * Evaluator Log judging any of these. In one write transaction each gets a {@code LogErased}
 * event (who, what, when); its key is destroyed (crypto-shredding: its content sealed in the event
 * store, in snapshots and in backups of them can never be read again); the content fields of its
 * stored events are emptied ({@link ErasedEvents}); its snapshots, pending evaluator runs and the
 * OpenTelemetry spans still waiting below it are deleted. The read models turn the logs into
 * tombstones when they see {@code LogErased}. Once committed, {@link ErasureCommitted} lets the
 * database clean up its files.
 */
@Component
public class Erasure {

    /** What an erasure erased: every log, by the id of the log the request named. */
    public record Erased(String erasureId, Map<String, String> requestedBy) {

        public List<String> logIds() {
            return new ArrayList<>(requestedBy.keySet());
        }
    }

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final LogRegistry registry;
    private final LogKeys keys;
    private final JdbcTemplate jdbc;
    private final ErasedEvents events;
    private final PendingSpans pendingSpans;
    private final ApplicationEventPublisher publisher;
    private final List<Cache> aggregateCaches;

    Erasure(CommandGateway commands, WriteTransaction writes, LogRegistry registry, LogKeys keys, JdbcTemplate jdbc,
            ErasedEvents events, PendingSpans pendingSpans, ApplicationEventPublisher publisher,
            List<Cache> aggregateCaches) {
        this.commands = commands;
        this.writes = writes;
        this.registry = registry;
        this.keys = keys;
        this.jdbc = jdbc;
        this.events = events;
        this.pendingSpans = pendingSpans;
        this.publisher = publisher;
        this.aggregateCaches = aggregateCaches;
    }

    /** Erases {@code logIds} and what depends on them; all of them must exist (else nothing happens). */
    public Erased erase(List<String> logIds, String erasedBy) {
        for (String id : logIds) {
            if (registry.find(id).isEmpty()) {
                throw new NotFound("Log '" + id + "' not found");
            }
        }
        Map<String, String> requestedBy = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String requested : logIds) {
            for (var entry : registry.withDependents(List.of(requested))) {
                requestedBy.putIfAbsent(entry.logId(), requested);
                kinds.putIfAbsent(entry.logId(), entry.kind());
            }
        }
        String erasureId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        writes.run(requestedBy.keySet(), () -> {
            requestedBy.forEach((logId, requested) -> commands.sendAndWait(switch (kinds.get(logId)) {
                case "flow" -> new EraseFlowLog(logId, erasureId, requested, erasedBy, now);
                case "prompt" -> new ErasePromptLog(logId, erasureId, requested, erasedBy, now);
                case "tool" -> new EraseToolLog(logId, erasureId, requested, erasedBy, now);
                case "evaluator" -> new EraseEvaluatorLog(logId, erasureId, requested, erasedBy, now);
                default -> throw new IllegalStateException("log " + logId + " of unknown kind " + kinds.get(logId));
            }));
            keys.destroy(requestedBy.keySet());
            events.removeContent(requestedBy.keySet());
            for (String logId : requestedBy.keySet()) {
                jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", logId);
                jdbc.update("delete from evaluation_job where log_id = ? or evaluator_log_id = ?", logId, logId);
            }
            pendingSpans.forgetBelow(requestedBy.keySet());
            return null;
        });
        // cached aggregates hold the content in memory: forget them too
        for (Cache cache : aggregateCaches) {
            requestedBy.keySet().forEach(cache::remove);
        }
        publisher.publishEvent(new ErasureCommitted(erasureId, List.copyOf(requestedBy.keySet())));
        return new Erased(erasureId, requestedBy);
    }
}
