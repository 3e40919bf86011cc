package dev.tracevault.query.logs;

import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.TraceMemberAdmitted;
import dev.tracevault.problems.NotFound;
import dev.tracevault.query.files.FileRenderer;
import dev.tracevault.query.files.FilesAsOf;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A log as the API returned it at an earlier moment, rebuilt from the event store: the events of
 * the log, of its trace descendants and of the Evaluator Logs judging them, cut at that moment,
 * go in store order through a fresh {@link LogDocumentProjection} into in-memory documents, and a
 * {@link LogReader} reads the result — the read model's own handlers and rendering, fed fewer
 * events. Which logs take part is read from the read model (a log's descendants and judges never
 * leave it); file objects are shown as they were then ({@link FilesAsOf}).
 */
@Component
public class LogsAsOf {

    /** Aggregate ids per {@code in (...)} list when looking up the store order. */
    private static final int CHUNK = 500;

    private final LogDocuments documents;
    private final EventStore events;
    private final JdbcTemplate jdbc;
    private final FilesAsOf files;
    private final JsonMapper mapper;

    LogsAsOf(LogDocuments documents, EventStore events, JdbcTemplate jdbc, FilesAsOf files, JsonMapper mapper) {
        this.documents = documents;
        this.events = events;
        this.jdbc = jdbc;
        this.files = files;
        this.mapper = mapper;
    }

    /**
     * The log as it was at {@code asOf}. The store keeps event times to the millisecond: events of
     * the millisecond {@code asOf} falls in count as before it.
     */
    public String at(String logId, Instant asOf) {
        return at(logId, asOf, (reader, memory, renderer) -> reader.read(logId));
    }

    /**
     * How a caller reads the logs rebuilt in memory: with their reader, their documents, and the file
     * objects as they were.
     */
    interface Reading {

        String read(LogReader reader, LogDocuments documents, FileRenderer files);
    }

    /** The trace below {@code logId} rebuilt as it was at {@code asOf}, read by {@code reading}. */
    String at(String logId, Instant asOf, Reading reading) {
        var past = past(logId);
        var cut = past.events().stream().filter(e -> !e.getTimestamp().isAfter(asOf)).toList();
        if (cut.stream().noneMatch(e -> e.getAggregateIdentifier().equals(logId))) {
            throw new NotFound("Log '" + logId + "' did not exist at " + asOf);
        }
        return render(logId, cut, past.erasures(), files.renderer(asOf), reading);
    }

    /**
     * The log right after its event {@code version}: with everything the store held before that
     * event, and the file objects as of its time.
     */
    public String atVersion(String logId, long version) {
        return atVersion(logId, version, (reader, memory, renderer) -> reader.read(logId));
    }

    /** The trace below {@code logId} rebuilt as it was right after the log's event {@code version}, read by {@code reading}. */
    String atVersion(String logId, long version, Reading reading) {
        var past = past(logId);
        var stream = past.events();
        for (int i = 0; i < stream.size(); i++) {
            var event = stream.get(i);
            if (event.getAggregateIdentifier().equals(logId) && event.getSequenceNumber() == version) {
                // the store keeps event times to the millisecond: the event happened within that one
                Instant at = event.getTimestamp().truncatedTo(ChronoUnit.MILLIS).plusMillis(1).minusNanos(1);
                return render(logId, stream.subList(0, i + 1), past.erasures(), files.renderer(at), reading);
            }
        }
        throw new NotFound("Log '" + logId + "' has no version " + version);
    }

    /**
     * Every event that can show in the log's answer, in the order the store holds them, and the
     * erasures of the logs they belong to (at any time).
     */
    private record Past(List<DomainEventMessage<?>> events, List<DomainEventMessage<?>> erasures) {
    }

    private Past past(String logId) {
        var log = documents.find(logId).orElseThrow(() -> new NotFound("Log '" + logId + "' not found"));
        List<DomainEventMessage<?>> all = new ArrayList<>();
        List<DomainEventMessage<?>> erasures = new ArrayList<>();
        for (String member : members(log)) {
            events.readEvents(member, 0).asStream().forEach(event -> {
                all.add(event);
                if (LogErased.class.equals(event.getPayloadType())) {
                    erasures.add(event);
                }
            });
        }
        Map<String, Map<Long, Long>> order = storeOrder(all.stream().map(DomainEventMessage::getAggregateIdentifier)
                .distinct().toList());
        all.sort(Comparator.comparingLong(e -> order.getOrDefault(e.getAggregateIdentifier(), Map.of())
                .getOrDefault(e.getSequenceNumber(), Long.MAX_VALUE)));
        return new Past(all, erasures);
    }

    /** The log, its descendants in its trace, and the Evaluator Logs judging any of them. */
    private Set<String> members(LogDocuments.Row log) {
        Set<String> members = new LinkedHashSet<>();
        members.add(log.logId());
        if (log.traceId() == null) {
            documents.judgmentsOf(log.logId()).forEach(row -> members.add(row.logId()));
            return members;
        }
        Map<String, List<String>> children = new HashMap<>();
        for (var row : documents.trace(log.traceId())) {
            if (row.traceParentId() != null) {
                children.computeIfAbsent(row.traceParentId(), k -> new ArrayList<>()).add(row.logId());
            }
        }
        // the root records every member it admitted, also those the read model lacks (erased before
        // erased logs stayed as tombstones: what they did to their ancestors' times stays)
        events.readEvents(log.traceId(), 0).asStream().map(DomainEventMessage::getPayload)
                .forEach(payload -> {
                    if (payload instanceof TraceMemberAdmitted admitted) {
                        children.computeIfAbsent(admitted.parentId(), k -> new ArrayList<>()).add(admitted.memberId());
                    }
                });
        var next = new ArrayDeque<String>(List.of(log.logId()));
        while (!next.isEmpty()) {
            for (String child : children.getOrDefault(next.pop(), List.of())) {
                if (members.add(child)) {
                    next.add(child);
                }
            }
        }
        Set<String> judged = Set.copyOf(members);
        documents.judgmentsOfTrace(log.traceId()).stream().filter(row -> judged.contains(row.judgedLogId()))
                .forEach(row -> members.add(row.logId()));
        return members;
    }

    /** The global index of each event of {@code aggregateIds}, by aggregate and sequence number. */
    private Map<String, Map<Long, Long>> storeOrder(List<String> aggregateIds) {
        Map<String, Map<Long, Long>> order = new HashMap<>();
        for (int from = 0; from < aggregateIds.size(); from += CHUNK) {
            var chunk = aggregateIds.subList(from, Math.min(aggregateIds.size(), from + CHUNK));
            jdbc.query("select aggregate_identifier, sequence_number, global_index from domain_event_entry"
                    + " where aggregate_identifier in (" + String.join(",", Collections.nCopies(chunk.size(), "?"))
                    + ")", rs -> {
                        order.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2), rs.getLong(3));
                    }, chunk.toArray());
        }
        return order;
    }

    /**
     * Applies {@code cut} to a fresh projection, then the erasures of its logs, also those erased
     * since (an erased log shows as its tombstone even as of a moment before its erasure: its
     * content is gone from the store), and reads the log. On a thread of its own: outside any unit
     * of work the projection writes each change through to the in-memory documents at once, as it
     * does in its unit tests.
     */
    private String render(String logId, List<DomainEventMessage<?>> cut, List<DomainEventMessage<?>> erasures,
                          FileRenderer fileRenderer, Reading reading) {
        var task = new FutureTask<>(() -> {
            var memory = new InMemoryLogDocuments();
            var reader = new LogReader(memory, fileRenderer);
            var handlers = new AnnotationEventHandlerAdapter(new LogDocumentProjection(memory, reader, mapper));
            for (var event : cut) {
                if (handlers.canHandle(event)) {
                    handlers.handle(event);
                }
            }
            for (var erasure : erasures) {
                // one already in the cut is skipped by the projection's sequence rule
                if (memory.find(erasure.getAggregateIdentifier()).isPresent()) {
                    handlers.handle(erasure);
                }
            }
            return reading.read(reader, memory, fileRenderer);
        });
        Thread.ofVirtual().name("log-as-of").start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding log " + logId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
