package dev.tracevault.query.progress;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Lets readers wait for the projections instead of polling blindly: a projection that changes a
 * read model calls {@link #signalAfterCommit()}, and waiters in this JVM wake up when its batch
 * has committed. Readers on other instances do not get the signal and re-check on their own
 * after the poll interval.
 */
@Component
public class ProjectionProgress {

    private static final String SIGNAL_REGISTERED = ProjectionProgress.class.getName() + ".registered";

    private final Object monitor = new Object();
    private long generation;

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
}
