package dev.tracevault.query.analytics;

import dev.tracevault.query.UnitOfWorkBatches;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The log facts and hourly rows one batch of events touches, held in memory and written once when
 * the batch commits: a hundred logs of the same hour cost one read and one write of that hour's
 * row, not a hundred. Outside a unit of work (plain unit tests) every change is written at once.
 */
final class AnalyticsBatch {

    private static final String RESOURCE = AnalyticsBatch.class.getName();

    private enum State { LOADED, CREATED, CHANGED, DELETED }

    private static final class Entry<T> {
        T value;
        State state;

        Entry(T value, State state) {
            this.value = value;
            this.state = state;
        }
    }

    private record HourKey(String fileId, Instant hourStart, String versionId) {
    }

    private final AnalyticsStore store;
    private final Map<String, Entry<LogFacts>> facts = new LinkedHashMap<>();
    private final Map<HourKey, Entry<Rollup>> hours = new LinkedHashMap<>();

    private AnalyticsBatch(AnalyticsStore store) {
        this.store = store;
    }

    static AnalyticsBatch current(AnalyticsStore store) {
        return UnitOfWorkBatches.current(RESOURCE, () -> new AnalyticsBatch(store), AnalyticsBatch::flush);
    }

    Optional<LogFacts> find(String logId) {
        if (logId == null) {
            return Optional.empty();
        }
        var entry = facts.get(logId);
        if (entry != null) {
            return entry.state == State.DELETED ? Optional.empty() : Optional.of(entry.value);
        }
        var loaded = store.facts(logId);
        loaded.ifPresent(f -> facts.put(logId, new Entry<>(f, State.LOADED)));
        return loaded;
    }

    /** Adds a log's facts; false if it is known already (a redelivered creation). */
    boolean create(LogFacts created) {
        var entry = facts.get(created.logId);
        if (entry != null && entry.state != State.DELETED || entry == null && store.facts(created.logId).isPresent()) {
            return false;
        }
        facts.put(created.logId, new Entry<>(created, entry == null ? State.CREATED : State.CHANGED));
        if (entry != null) {
            store.insertFacts(created); // deleted earlier in this batch, and the deletion was written
            facts.get(created.logId).state = State.LOADED;
        }
        writeThroughIfNoUnitOfWork();
        return true;
    }

    void changed(LogFacts changed) {
        var entry = facts.get(changed.logId);
        if (entry.state == State.LOADED) {
            entry.state = State.CHANGED;
        }
        writeThroughIfNoUnitOfWork();
    }

    void delete(String logId) {
        var entry = facts.get(logId);
        if (entry != null && entry.state == State.CREATED) {
            facts.remove(logId);
        } else {
            store.deleteFacts(logId);
            facts.put(logId, new Entry<>(null, State.DELETED));
        }
    }

    /** Adds ({@code sign} 1) or subtracts (-1) a log's contribution to its hourly row. */
    void contribute(LogFacts log, Rollup contribution, long sign) {
        if (contribution == null) {
            return;
        }
        var key = new HourKey(log.fileId, log.hour(), log.versionId);
        var entry = hours.get(key);
        if (entry == null) {
            var stored = store.hour(key.fileId(), key.hourStart(), key.versionId());
            entry = stored.map(r -> new Entry<>(r, State.LOADED)).orElseGet(() -> new Entry<>(new Rollup(), State.CREATED));
            hours.put(key, entry);
        }
        entry.value.add(contribution, sign);
        if (entry.state == State.LOADED) {
            entry.state = State.CHANGED;
        }
        writeThroughIfNoUnitOfWork();
    }

    /** Writes what changed so far. */
    void flush() {
        flushFacts();
        flushHours();
    }

    /** Writes the facts changed so far, so that a query of them sees this batch's too. */
    void flushFacts() {
        facts.forEach((logId, entry) -> {
            if (entry.state == State.CREATED) {
                store.insertFacts(entry.value);
                entry.state = State.LOADED;
            } else if (entry.state == State.CHANGED) {
                store.updateFacts(entry.value);
                entry.state = State.LOADED;
            }
        });
        facts.values().removeIf(entry -> entry.state == State.DELETED);
    }

    private void flushHours() {
        hours.forEach((key, entry) -> {
            var hour = new AnalyticsStore.Hour(key.fileId(), key.hourStart(), key.versionId(), entry.value);
            boolean empty = entry.value.isEmpty();
            if (entry.state == State.CREATED && !empty) {
                store.insertHour(hour);
                entry.state = State.LOADED;
            } else if (entry.state == State.CHANGED) {
                if (empty) {
                    store.deleteHour(hour);
                    entry.state = State.CREATED; // no row any more
                } else {
                    store.updateHour(hour);
                    entry.state = State.LOADED;
                }
            }
        });
    }

    private void writeThroughIfNoUnitOfWork() {
        if (UnitOfWorkBatches.writesThrough()) {
            flush();
        }
    }
}
