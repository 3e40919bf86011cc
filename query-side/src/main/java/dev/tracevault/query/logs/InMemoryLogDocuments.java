package dev.tracevault.query.logs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Log documents held in memory, for a log rebuilt as of an earlier moment. Rows are ordered as the
 * database orders them, and their time columns keep the microseconds the database columns keep,
 * so that what is derived from them (a Flow Log's end taken from its latest child) is the same.
 * They take the listing columns' values too but keep none: a past log is read, never listed.
 */
final class InMemoryLogDocuments implements LogDocuments {

    private static final Comparator<Row> SIBLING_ORDER = Comparator
            .comparing(Row::startTime, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Row::loggedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Row::logId);
    private static final Comparator<Row> LOGGED_ORDER = Comparator
            .comparing(Row::loggedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Row::logId);

    private record Stored(Row row, Instant end) {
    }

    private final Map<String, Stored> rows = new LinkedHashMap<>();

    @Override
    public Optional<Row> find(String logId) {
        return Optional.ofNullable(rows.get(logId)).map(Stored::row);
    }

    @Override
    public List<Row> trace(String traceId) {
        return select(row -> Objects.equals(row.traceId(), traceId), SIBLING_ORDER);
    }

    @Override
    public List<Row> judgmentsOf(String logId) {
        return select(row -> Objects.equals(row.judgedLogId(), logId), LOGGED_ORDER);
    }

    @Override
    public List<Row> judgmentsOfAny(List<String> logIds) {
        var wanted = Set.copyOf(logIds);
        return select(row -> row.judgedLogId() != null && wanted.contains(row.judgedLogId()), LOGGED_ORDER);
    }

    @Override
    public List<Row> judgmentsOfTrace(String traceId) {
        return select(row -> Objects.equals(row.judgedTraceId(), traceId), LOGGED_ORDER);
    }

    @Override
    public boolean hasChildren(String logId) {
        return rows.values().stream().anyMatch(s -> logId.equals(s.row().traceParentId()));
    }

    @Override
    public Map<String, Instant> childEnds(String logId) {
        Map<String, Instant> ends = new java.util.HashMap<>();
        rows.values().stream().filter(s -> logId.equals(s.row().traceParentId()))
                .forEach(s -> ends.put(s.row().logId(), s.end()));
        return ends;
    }

    @Override
    public Optional<Row> findForUpdate(String logId) {
        return find(logId);
    }

    @Override
    public void insertAll(List<Written> written) {
        for (var w : written) {
            Row row = w.row();
            rows.put(row.logId(), new Stored(new Row(row.logId(), row.kind(), row.fileId(), row.versionId(),
                    row.traceId(), row.traceParentId(), row.lastSequence(), micros(row.startTime()),
                    micros(row.loggedAt()), row.body(), row.judgedLogId(), row.judgedTraceId(), row.hasChildren(),
                    row.judged()), micros(w.endTime())));
        }
    }

    @Override
    public void writeAll(List<Written> written) {
        for (var w : written) {
            Row row = w.row();
            rows.computeIfPresent(row.logId(), (id, stored) -> new Stored(stored.row().withBody(row.lastSequence(),
                    micros(row.startTime()), row.body()).withFlags(row.hasChildren(), row.judged()),
                    micros(w.endTime())));
        }
    }

    @Override
    public void delete(String logId) {
        rows.remove(logId);
    }

    @Override
    public void deleteAll() {
        rows.clear();
    }

    private List<Row> select(Predicate<Row> which, Comparator<Row> order) {
        return rows.values().stream().map(Stored::row).filter(which).sorted(order).toList();
    }

    /** The instant as a {@code timestamp(6)} column keeps it: rounded to the nearest microsecond. */
    static Instant micros(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return instant.getNano() % 1000 >= 500 ? truncated.plus(1, ChronoUnit.MICROS) : truncated;
    }
}
