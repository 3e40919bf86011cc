package dev.tracevault.server.deadletters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead letters of the asynchronous processors ({@code dead_letter}, V15): per processor,
 * sequences of events by trace, the first one the event that failed and the others waiting
 * behind it in store order. A letter names its event by global index; the event stays in the
 * event store (no second copy of any content). Statements run in the caller's transaction.
 */
@Component
public class DeadLetterQueue {

    private static final int CAUSE_LENGTH = 1024;

    /** One parked event. */
    public record Letter(String id, String processor, String sequence, long globalIndex, String eventType,
                         String aggregateId, String causeType, String causeMessage, Instant parkedAt,
                         Instant lastTriedAt, int retries) {
    }

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private record Parked(String processor, Set<String> sequences) {
    }

    private final JdbcTemplate jdbc;
    private volatile Parked parked;
    private volatile long parkedChecked;

    DeadLetterQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the processor's row until the transaction ends: its batches and the retries of its dead
     * letters take it first, so they never interleave.
     */
    void lock(String processor) {
        if (jdbc.queryForList("select processor from dead_letter_lock where processor = ? for update", String.class,
                processor).isEmpty()) {
            // the migration adds the rows of the processors it knows; another one's is added once here
            jdbc.update("insert into dead_letter_lock (processor) select ? where not exists"
                    + " (select processor from dead_letter_lock where processor = ?)", processor, processor);
            jdbc.queryForList("select processor from dead_letter_lock where processor = ? for update", String.class,
                    processor);
        }
    }

    /** The sequences (traces) of the processor that have dead letters. */
    Set<String> parkedSequences(String processor) {
        return new HashSet<>(jdbc.queryForList("select distinct sequence_id from dead_letter where processor = ?",
                String.class, processor));
    }

    boolean isParked(String processor, String sequence) {
        Integer count = jdbc.queryForObject("select count(*) from dead_letter where processor = ? and sequence_id = ?",
                Integer.class, processor, sequence);
        return count != null && count > 0;
    }

    /**
     * Parks an event; {@code cause} is null for an event that waits behind an earlier one of its
     * sequence. False if the event was parked already (a batch handled again after a restart).
     */
    boolean park(String processor, String sequence, EventMessage<?> event, Throwable cause) {
        Integer known = jdbc.queryForObject("select count(*) from dead_letter where processor = ? and global_index = ?",
                Integer.class, processor, globalIndex(event));
        if (known != null && known > 0) {
            return false;
        }
        jdbc.update("insert into dead_letter (letter_id, processor, sequence_id, global_index, event_type, aggregate_id,"
                        + " cause_type, cause_message, parked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), processor, sequence, globalIndex(event), event.getPayloadType().getName(),
                event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null,
                cause == null ? null : cause.getClass().getName(), message(cause), now());
        parked = null;
        return true;
    }

    /** A retried letter failed again: its new cause. */
    void failedAgain(Letter letter, Throwable cause) {
        jdbc.update("update dead_letter set cause_type = ?, cause_message = ?, last_tried_at = ?, retries = retries + 1"
                + " where letter_id = ?", cause.getClass().getName(), message(cause), now(), letter.id());
    }

    void delete(String letterId) {
        jdbc.update("delete from dead_letter where letter_id = ?", letterId);
        parked = null;
    }

    void deleteAll(String processor) {
        jdbc.update("delete from dead_letter where processor = ?", processor);
        parked = null;
    }

    /**
     * The parked sequences of {@code processor} as read at most {@link #RECHECK_NANOS} ago: what a
     * write checks on every event, without a query each time (another instance's parking is seen
     * within that time).
     */
    Set<String> parkedSequencesRecently(String processor) {
        long now = System.nanoTime();
        var known = parked;
        if (known == null || !known.processor().equals(processor) || now - parkedChecked > RECHECK_NANOS) {
            known = new Parked(processor, Set.copyOf(parkedSequences(processor)));
            parked = known;
            parkedChecked = now;
        }
        return known.sequences();
    }

    Optional<Letter> find(String letterId) {
        return jdbc.query("select * from dead_letter where letter_id = ?", DeadLetterQueue::letter, letterId).stream()
                .findFirst();
    }

    /** The first letter of a sequence: the one to handle before the others. */
    Optional<Letter> head(String processor, String sequence) {
        return jdbc.query("select * from dead_letter where processor = ? and sequence_id = ? order by global_index"
                + " fetch first 1 rows only", DeadLetterQueue::letter, processor, sequence).stream().findFirst();
    }

    /** Every letter, by processor, sequence and store order (at most {@code limit}). */
    public List<Letter> list(int limit) {
        return jdbc.query("select * from dead_letter order by processor, sequence_id, global_index fetch first ? rows only",
                DeadLetterQueue::letter, limit);
    }

    /** How many letters and sequences each processor has. */
    public record Count(String processor, long letters, long sequences) {
    }

    public List<Count> counts() {
        return jdbc.query("select processor, count(*), count(distinct sequence_id) from dead_letter group by processor"
                + " order by processor", (rs, row) -> new Count(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /** The oldest letter that failed (not merely waiting) of a processor. */
    public Optional<Letter> oldestFailure(String processor) {
        return jdbc.query("select * from dead_letter where processor = ? and cause_type is not null"
                + " order by parked_at, global_index fetch first 1 rows only", DeadLetterQueue::letter, processor)
                .stream().findFirst();
    }

    static long globalIndex(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            return tracked.trackingToken().position().orElseThrow();
        }
        throw new IllegalArgumentException("not an event read from the store: " + event.getIdentifier());
    }

    private static String message(Throwable cause) {
        if (cause == null) {
            return null;
        }
        String message = String.valueOf(cause.getMessage());
        return message.length() <= CAUSE_LENGTH ? message : message.substring(0, CAUSE_LENGTH);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }

    private static Letter letter(ResultSet rs, int row) throws SQLException {
        return new Letter(rs.getString("letter_id"), rs.getString("processor"), rs.getString("sequence_id"),
                rs.getLong("global_index"), rs.getString("event_type"), rs.getString("aggregate_id"),
                rs.getString("cause_type"), rs.getString("cause_message"), instant(rs, "parked_at"),
                instant(rs, "last_tried_at"), rs.getInt("retries"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
