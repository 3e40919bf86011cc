package dev.tracevault.server.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The heap that requests in flight may hold at once for their bodies and large answers
 * ({@code tracevault.memory.in-flight}; empty: {@link #DEFAULT_SHARE} of the maximum heap). A request
 * asks for its share before it reads a large body or loads a large answer and waits, first come
 * first served, until the share is free, at most {@code tracevault.memory.wait}; then it is refused
 * (503, nothing stored). A share larger than the whole budget is given when nothing else is in
 * flight, so every request that passes the size limit can be served.
 */
@Component
public class InFlightMemory {

    /** The default budget: this share of the maximum heap (the rest: caches, processors, the database). */
    static final double DEFAULT_SHARE = 0.4;

    private final long capacity;
    private final Duration wait;
    private final Deque<Object> queue = new ArrayDeque<>();
    private long used;

    InFlightMemory(@Value("${tracevault.memory.in-flight:}") DataSize inFlight,
                   @Value("${tracevault.memory.wait:PT30S}") Duration wait) {
        this.capacity = inFlight != null && inFlight.toBytes() > 0 ? inFlight.toBytes()
                : (long) (Runtime.getRuntime().maxMemory() * DEFAULT_SHARE);
        this.wait = wait;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes given out now. */
    public synchronized long used() {
        return used;
    }

    Duration waitBound() {
        return wait;
    }

    /**
     * Takes {@code bytes} of the budget, waiting in line up to the wait bound.
     *
     * @return false if it was not free in time (nothing taken)
     */
    synchronized boolean take(long bytes) throws InterruptedException {
        Object ticket = new Object();
        queue.addLast(ticket);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (queue.peekFirst() != ticket || !(used == 0 || used + bytes <= capacity)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            used += bytes;
            return true;
        } finally {
            queue.remove(ticket);
            notifyAll();
        }
    }

    synchronized void give(long bytes) {
        used -= bytes;
        notifyAll();
    }
}
