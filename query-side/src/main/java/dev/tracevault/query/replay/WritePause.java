package dev.tracevault.query.replay;

import java.time.Duration;

/**
 * Holds this instance's writes while the log documents are rebuilt: a write projects its events
 * into those documents in its own transaction, which it cannot do while they are being rebuilt.
 * Implemented by the write side (the wiring connects them).
 */
public interface WritePause {

    /**
     * Waits (up to {@code maxWait}) until the writes in progress are done, then holds every new one
     * until the returned pause is closed.
     *
     * @throws IllegalStateException if the writes in progress did not finish in time
     */
    Paused pause(Duration maxWait);

    /** A pause of the writes; closing it lets them go on. */
    interface Paused extends AutoCloseable {

        @Override
        void close();
    }
}
