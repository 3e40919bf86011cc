package dev.tracevault.command.validation;

import java.time.Instant;

/** A log's time span: its {@code end_time} is not before its {@code start_time}. */
public final class Timespans {

    private Timespans() {
    }

    /** Why {@code start} to {@code end} is not a span, or null when it is (or either is missing). */
    public static String problem(Instant start, Instant end) {
        if (start != null && end != null && end.isBefore(start)) {
            return "end_time " + end + " is before start_time " + start;
        }
        return null;
    }
}
