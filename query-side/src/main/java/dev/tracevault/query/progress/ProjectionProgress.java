package dev.tracevault.query.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Lets readers wait for the projections instead of polling blindly: a projection that changes a
 * read model calls {@link #signalAfterCommit()}, and waiters in this JVM wake up when its batch
 * has committed. Readers on other instances do not get the signal and re-check on their own
 * after the poll interval.
 *
 * <p>The log documents a batch wrote are announced with their sequence ({@link #documentWrittenAfterCommit}),
 * so that a reader waiting for one log checks {@link #reached(String)} in memory when woken, and
 * reads the database only once its log got there (or after its poll interval) — not every waiter
 * once per batch.
 *
 * <p>While a read model is rebuilt (a replay), a wait lasts as long as the rebuild progresses: a
 * write made during a replay is answered once the rebuild has reached it, instead of failing.
 */
@Component
public class ProjectionProgress {

    private static final String SIGNAL_REGISTERED = ProjectionProgress.class.getName() + ".registered";
    private static final String WRITTEN = ProjectionProgress.class.getName() + ".written";
    /** How many logs' last projected sequences are remembered (the most recently written ones). */
    private static final int REMEMBERED = 20_000;

    private final Object monitor = new Object();
    private final Map<String, Long> reached = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
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

    /**
     * Called by the log projection for each document it wrote: once the unit of work commits,
     * {@link #reached(String)} answers at least {@code sequence} for it and waiters wake up.
     */
    public void documentWrittenAfterCommit(String logId, long sequence) {
        if (!CurrentUnitOfWork.isStarted()) {
            remember(List.of(new Written(logId, sequence)));
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        List<Written> written = root.getOrComputeResource(WRITTEN, key -> {
            List<Written> list = new ArrayList<>();
            root.afterCommit(u -> remember(list));
            return list;
        });
        written.add(new Written(logId, sequence));
    }

    private record Written(String logId, long sequence) {
    }

    private void remember(List<Written> written) {
        synchronized (monitor) {
            for (Written w : written) {
                reached.merge(w.logId(), w.sequence(), Math::max);
            }
            generation++;
            monitor.notifyAll();
        }
    }

    /** The last sequence of {@code logId} this instance projected and committed, as far as remembered; else -1. */
    public long reached(String logId) {
        synchronized (monitor) {
            return reached.getOrDefault(logId, -1L);
        }
    }

    /** Forgets what was projected (the read model is being rebuilt from scratch). */
    public void forgetReached() {
        synchronized (monitor) {
            reached.clear();
        }
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
            awaitChange(generation, maxMillis);
        }
    }

    /**
     * Waits until a projection has committed something since generation {@code seen}, or
     * {@code maxMillis} pass; returns the generation then.
     */
    public long awaitChange(long seen, long maxMillis) throws InterruptedException {
        synchronized (monitor) {
            long deadline = System.currentTimeMillis() + maxMillis;
            long left = maxMillis;
            while (generation == seen && left > 0) {
                monitor.wait(left);
                left = deadline - System.currentTimeMillis();
            }
            return generation;
        }
    }

    /** The generation now: it grows each time a projection commits something. */
    public long generationNow() {
        return generation();
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
