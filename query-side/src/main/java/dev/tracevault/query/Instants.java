package dev.tracevault.query;

import java.time.Instant;

/** The earlier or later of two optional instants: how the projections widen time windows. */
public final class Instants {

    private Instants() {
    }

    public static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    public static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
