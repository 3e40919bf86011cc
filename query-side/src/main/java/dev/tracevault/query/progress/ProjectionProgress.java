package dev.tracevault.query.progress;

import java.time.Duration;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Lets readers wait for the projections instead of polling blindly: a projection that changes a
 * read model calls {@link #signalAfterCommit()}, and waiters in this JVM wake up when its batch
 * has committed. Readers on other instances do not get the signal and re-check on their own
 * after the poll interval.
 *
 * <p>While a read model is rebuilt (a replay), a wait lasts as long as the rebuild progresses: a
 * write made during a replay is answered once the rebuild has reached it, instead of failing.
 */
@Component
public class ProjectionProgress {

    private static final String SIGNAL_REGISTERED = ProjectionProgress.class.getName() + ".registered";

    private final Object monitor = new Object();
    private long generation;
    private volatile boolean rebuilding;

    /** Called by event handlers: wake the waiters once the current unit of work has committed. */
    public void signalAfterCommit() {
        if (!CurrentUnitOfWork.isStarted()) {
            signal();
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(SIGNAL_REGISTERED, key -> {
            root.afterCommit(u -> signal());
            return Boolean.TRUE;
        });
    }

    private void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Waits until a projection commits something, or {@code maxMillis} pass. */
    public void awaitChange(long maxMillis) throws InterruptedException {
        synchronized (monitor) {
            long seen = generation;
            long deadline = System.currentTimeMillis() + maxMillis;
            long left = maxMillis;
            while (generation == seen && left > 0) {
                monitor.wait(left);
                left = deadline - System.currentTimeMillis();
            }
        }
    }

    /** Whether a read model is being rebuilt from the event store (a replay runs in this instance). */
    public boolean rebuilding() {
        return rebuilding;
    }

    public void rebuilding(boolean rebuilding) {
        this.rebuilding = rebuilding;
        signal();
    }

    /**
     * When a wait for the projections gives up: {@code maxWait} from now; while a rebuild runs,
     * {@code maxWait} after the projections last committed something.
     */
    public Deadline deadline(Duration maxWait) {
        return new Deadline(maxWait.toNanos());
    }

    private long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** See {@link #deadline(Duration)}. */
    public final class Deadline {

        private final long maxNanos;
        private long end;
        private long seen;

        private Deadline(long maxNanos) {
            this.maxNanos = maxNanos;
            this.end = System.nanoTime() + maxNanos;
            this.seen = generation();
        }

        public boolean passed() {
            long now = System.nanoTime();
            if (now - end <= 0) {
                return false;
            }
            long current = generation();
            if (rebuilding && current != seen) {
                seen = current;
                end = now + maxNanos;
                return false;
            }
            return true;
        }
    }
}
