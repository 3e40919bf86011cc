package dev.tracevault.server.config;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    PolledEventSource(EventStorageEngine engine, long pollIntervalMillis, int fetch) {
        this.engine = engine;
        this.pollNanos = pollIntervalMillis * 1_000_000L;
        this.fetch = fetch;
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
            try (var events = engine.readEvents(from, false)) {
                events.limit(fetch).forEach(buffer::add);
            }
            // a full read means more are waiting: read again at the next ask
            nextPoll = buffer.size() >= fetch ? System.nanoTime() : System.nanoTime() + pollNanos;
        }

        @Override
        public void close() {
            buffer.clear();
        }
    }
}
