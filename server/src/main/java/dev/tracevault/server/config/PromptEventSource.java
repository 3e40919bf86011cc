package dev.tracevault.server.config;

import jakarta.annotation.PreDestroy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the streaming processors see it, with a wake-up call.
 *
 * <p>Axon's embedded event store gives its streams no "events available" callback, so a pooled
 * processor that has caught up looks again only every 500 ms: every write would wait that long to
 * become readable. This source watches the store's own tail with a stream of its own and wakes
 * the processors the moment new events are there to read, and otherwise every
 * {@code pollInterval}.
 *
 * <p>Waking them at commit time is not enough: the store's producer thread fetches the committed
 * events a moment later, and a processor woken before that finds nothing and sleeps again.
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStore delegate;
    private final Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
    private final long pollIntervalMillis;
    private final Thread watcher = Thread.ofPlatform().name("event-source-watcher").daemon().unstarted(this::watch);
    private volatile boolean running = true;

    PromptEventSource(EventStore delegate, long pollIntervalMillis) {
        this.delegate = delegate;
        this.pollIntervalMillis = pollIntervalMillis;
        watcher.start();
    }

    /** Follows the store's tail; every time events arrive (or the interval passes), wakes the processors. */
    private void watch() {
        BlockingStream<TrackedEventMessage<?>> tail = null;
        while (running) {
            try {
                if (tail == null) {
                    tail = delegate.openStream(delegate.createHeadToken());
                }
                if (tail.hasNextAvailable((int) pollIntervalMillis, TimeUnit.MILLISECONDS)) {
                    while (tail.hasNextAvailable()) {
                        tail.nextAvailable();
                    }
                }
                wakeUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the store is unreachable for a moment: keep the processors polling and try again
                if (tail != null) {
                    tail.close();
                    tail = null;
                }
                wakeUp();
                sleep();
            }
        }
        if (tail != null) {
            tail.close();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollIntervalMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeUp() {
        callbacks.forEach(Runnable::run);
    }

    @PreDestroy
    void stop() {
        running = false;
        watcher.interrupt();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new WakeableStream(delegate.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(java.time.Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(java.time.Duration duration) {
        return delegate.createTokenSince(duration);
    }

    private final class WakeableStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private Runnable callback;

        WakeableStream(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public Stream<TrackedEventMessage<?>> asStream() {
            return stream.asStream();
        }

        @Override
        public void close() {
            if (callback != null) {
                callbacks.remove(callback);
            }
            stream.close();
        }
    }
}
