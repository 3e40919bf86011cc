package dev.tracevault.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a trace's time windows widen (spec §4.3): each ancestor's start and end come to cover its
 * descendants'. One rule for every read model that shows or measures those times, so that the
 * analytics' durations are the ones the log documents show.
 */
public final class TraceWindows {

    /** The logs of a trace as one read model keeps them. */
    public interface Logs<T> {

        Optional<T> find(String logId);

        Instant start(T log);

        Instant end(T log);

        String parentId(T log);

        /** Gives the log this new window. */
        void widen(T log, Instant start, Instant end);
    }

    private TraceWindows() {
    }

    /**
     * Widens every ancestor, from {@code parentId} up, to cover the window {@code start..end}. Stops
     * at the first ancestor that covers it already: its own ancestors cover it too.
     */
    public static <T> void widenAncestors(String parentId, Instant start, Instant end, Logs<T> logs) {
        String current = parentId;
        while (current != null && (start != null || end != null)) {
            T ancestor = logs.find(current).orElse(null);
            if (ancestor == null) {
                return;
            }
            Instant newStart = earlier(logs.start(ancestor), start);
            Instant newEnd = later(logs.end(ancestor), end);
            if (Objects.equals(newStart, logs.start(ancestor)) && Objects.equals(newEnd, logs.end(ancestor))) {
                return;
            }
            logs.widen(ancestor, newStart, newEnd);
            current = logs.parentId(ancestor);
        }
    }

    /**
     * The end a log gets when it completes (spec §4.3, README: completion rules): a Flow Log ends at
     * its completion, or at its latest child's end if that is later; a Prompt or Tool Log keeps the
     * end its client gave, else it ends at its completion.
     */
    public static Instant endOnCompletion(boolean flow, Instant givenEnd, Instant completedAt,
            Supplier<Optional<Instant>> latestChildEnd) {
        if (flow) {
            return later(completedAt, latestChildEnd.get().orElse(null));
        }
        return givenEnd != null ? givenEnd : completedAt;
    }

    public static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    public static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
