package dev.tracevault.server.config;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the asynchronous processors (analytics, the evaluation saga) read it: in
 * batches, at most once per {@code pollInterval} while they have caught up. Nothing waits for
 * them, so rather than being woken by every commit (a query per write) they take what arrived
 * since their last look, up to {@code fetch} events at once, and look again at once while there is
 * more: under load their batches grow with the write rate, idle they cost a query per interval.
 */
final class PolledEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStorageEngine engine;
    private final long pollNanos;
    private final int fetch;
    private final LongUnaryOperator lastWithinBytes;

    /**
     * {@code lastWithinBytes}: from a global index, the last index a look may take so that the stored
     * events it holds stay within the byte bound (that event included), or {@link Long#MAX_VALUE} when the
     * next {@code fetch} indexes stay within it.
     */
    PolledEventSource(EventStorageEngine engine, long pollIntervalMillis, int fetch, LongUnaryOperator lastWithinBytes) {
        this.engine = engine;
        this.pollNanos = pollIntervalMillis * 1_000_000L;
        this.fetch = fetch;
        this.lastWithinBytes = lastWithinBytes;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Polled(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }

    private final class Polled implements BlockingStream<TrackedEventMessage<?>> {

        private final ArrayDeque<TrackedEventMessage<?>> buffer = new ArrayDeque<>();
        private TrackingToken last;
        private long nextPoll = System.nanoTime();

        Polled(TrackingToken from) {
            this.last = from;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            poll();
            return Optional.ofNullable(buffer.peek());
        }

        @Override
        public boolean hasNextAvailable() {
            poll();
            return !buffer.isEmpty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!hasNextAvailable()) {
                long sleep = Math.min(nextPoll, deadline) - System.nanoTime();
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(1, sleep));
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            while (!hasNextAvailable()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(1, nextPoll - System.nanoTime()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for events", e);
                }
            }
            var event = buffer.poll();
            last = event.trackingToken();
            return event;
        }

        /** Reads the next events when the buffer is empty and the interval has passed (or more are waiting). */
        private void poll() {
            if (!buffer.isEmpty() || System.nanoTime() - nextPoll < 0) {
                return;
            }
            TrackingToken from = buffer.isEmpty() ? last : buffer.peekLast().trackingToken();
            long upTo = lastWithinBytes.applyAsLong(from == null ? -1 : from.position().orElse(-1));
            try (var events = engine.readEvents(from, false)) {
                events.takeWhile(event -> event.trackingToken().position().orElse(Long.MIN_VALUE) <= upTo)
                        .limit(fetch).forEach(buffer::add);
            }
            // a full read (by count or by bytes) means more are waiting: read again at the next ask
            nextPoll = buffer.size() >= fetch || upTo != Long.MAX_VALUE ? System.nanoTime()
                    : System.nanoTime() + pollNanos;
        }

        @Override
        public void close() {
            buffer.clear();
        }
    }
}
