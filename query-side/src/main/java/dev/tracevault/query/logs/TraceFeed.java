package dev.tracevault.query.logs;

import dev.tracevault.events.log.LogErased;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Which logs of a trace changed, as the event store tells it, from a position onwards: what the
 * viewer's live trace follows. A position is the event store's own tracking token (the highest
 * global index seen, and the indexes below it that were still being committed then), written as
 * text, so a client that lost its connection resumes exactly where it was and misses nothing: a
 * transaction that commits late fills its gap and is delivered then. Events from every instance
 * count (it reads the shared store, not this instance's event bus).
 *
 * <p>The log documents are written in the same transaction as the events, so once an event is
 * seen here, the read model already shows it.
 */
@Component
public class TraceFeed {

    /**
     * A new feed starts this many events before the newest, so that transactions still committing
     * below the newest index when it starts are seen too (their logs are sent again: harmless).
     */
    static final long START_BEHIND = 1_000;
    /** Further behind than this, a client reloads the trace instead of catching up event by event. */
    static final long MAX_BEHIND = 50_000;
    /** At most this many gaps are carried in a position's text. */
    static final int MAX_GAPS = 500;
    private static final Pattern POSITION = Pattern.compile("-1|\\d{1,18}(~\\d{1,18}(,\\d{1,18}){0," + (MAX_GAPS - 1)
            + "})?");
    private static final int BATCH = 1_000;

    private final EventStore events;
    private final JdbcLogDocuments documents;

    TraceFeed(EventStore events, JdbcLogDocuments documents) {
        this.events = events;
        this.documents = documents;
    }

    /** What changed: the logs of the trace to read again, and the position after them. */
    public record Changes(Set<String> logIds, String position) {
    }

    /** The position to start following from now (a little behind the newest event: see {@link #START_BEHIND}). */
    public String start() {
        long head = index(events.createHeadToken());
        return text(GapAwareTrackingToken.newInstance(Math.max(-1, head - START_BEHIND), List.of()));
    }

    /**
     * Follows the trace {@code traceId} (its root's log id, or a log in no trace) from
     * {@code position}; empty if the position is not one this feed wrote, or is too far behind to
     * catch up with (then the client reads the trace again and follows from {@link #start()}).
     */
    public Optional<Subscription> follow(String traceId, String position) {
        var token = parse(position);
        if (token.isEmpty() || index(events.createHeadToken()) - token.get().getIndex() > MAX_BEHIND) {
            return Optional.empty();
        }
        return Optional.of(new Subscription(traceId, events.openStream(token.get()), token.get()));
    }

    /** An open feed of one trace; not thread-safe; close it when done. */
    public final class Subscription implements AutoCloseable {

        private final String traceId;
        private final BlockingStream<TrackedEventMessage<?>> stream;
        private final Map<String, String> members = new HashMap<>();
        private final Set<String> strangers = new java.util.HashSet<>();
        private TrackingToken position;

        private Subscription(String traceId, BlockingStream<TrackedEventMessage<?>> stream, TrackingToken from) {
            this.traceId = traceId;
            this.stream = stream;
            this.position = from;
            for (var member : documents.membersOf(traceId)) {
                members.put(member[0], member[1] != null ? member[1] : member[0]);
            }
        }

        /**
         * Waits up to {@code wait} for events, then takes every event already there (up to a batch):
         * the logs of this trace they changed (an Evaluator Log's judged log instead of itself), and
         * the position after them. No logs but a new position when only other traces changed.
         */
        public Changes next(Duration wait) throws InterruptedException {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            if (stream.hasNextAvailable((int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis())), TimeUnit.MILLISECONDS)) {
                while (batch.size() < BATCH && stream.hasNextAvailable()) {
                    batch.add(stream.nextAvailable());
                }
            }
            if (batch.isEmpty()) {
                return new Changes(Set.of(), text(position));
            }
            Set<String> unknown = new LinkedHashSet<>();
            for (var event : batch) {
                String id = aggregateId(event);
                if (id != null && !members.containsKey(id) && !strangers.contains(id)) {
                    unknown.add(id);
                }
            }
            learn(unknown);
            Set<String> changed = new LinkedHashSet<>();
            for (var event : batch) {
                String id = aggregateId(event);
                if (id != null && members.containsKey(id)) {
                    changed.add(members.get(id));
                } else if (id != null && LogErased.class.equals(event.getPayloadType())) {
                    // erased before this feed learnt it was a member: the client drops it if it shows it
                    changed.add(id);
                }
            }
            position = batch.getLast().trackingToken();
            return new Changes(changed, text(position));
        }

        /** Which of {@code ids} are this trace's (members map to themselves, judges to the log they judge). */
        private void learn(Collection<String> ids) {
            if (ids.isEmpty()) {
                return;
            }
            for (var member : documents.membersAmong(traceId, ids)) {
                members.put(member[0], member[1] != null ? member[1] : member[0]);
            }
            for (String id : ids) {
                if (!members.containsKey(id)) {
                    // not a log of this trace now; an erased member was known before its erasure
                    strangers.add(id);
                }
            }
            if (strangers.size() > 100_000) {
                strangers.clear();
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    private static String aggregateId(TrackedEventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }

    private static long index(TrackingToken token) {
        return token instanceof GapAwareTrackingToken gapAware ? gapAware.getIndex() : -1;
    }

    /** A position as text: {@code index} or {@code index~gap,gap,...}. */
    static String text(TrackingToken token) {
        if (!(token instanceof GapAwareTrackingToken gapAware)) {
            return "-1";
        }
        var gaps = new ArrayList<>(gapAware.getGaps());
        if (gaps.size() > MAX_GAPS) {
            // keep the newest gaps; older ones are past the gap timeout soon (or already)
            gaps = new ArrayList<>(gaps.subList(gaps.size() - MAX_GAPS, gaps.size()));
        }
        var text = new StringBuilder(Long.toString(gapAware.getIndex()));
        for (int i = 0; i < gaps.size(); i++) {
            text.append(i == 0 ? '~' : ',').append(gaps.get(i));
        }
        return text.toString();
    }

    static Optional<GapAwareTrackingToken> parse(String text) {
        if (text == null || text.length() > 20 * (MAX_GAPS + 1) || !POSITION.matcher(text).matches()) {
            return Optional.empty();
        }
        int tilde = text.indexOf('~');
        long index = Long.parseLong(tilde < 0 ? text : text.substring(0, tilde));
        var gaps = new TreeSet<Long>();
        if (tilde >= 0) {
            for (String gap : text.substring(tilde + 1).split(",")) {
                long value = Long.parseLong(gap);
                if (value >= index) {
                    return Optional.empty();
                }
                gaps.add(value);
            }
        }
        return Optional.of(GapAwareTrackingToken.newInstance(index, gaps));
    }
}
