package dev.tracevault.command.validation;

import dev.tracevault.events.wire.WireDatetime;
import java.time.Instant;

/** A datetime the stores can hold: the range is {@link WireDatetime}'s, this says why one is refused. */
public final class Datetimes {

    private Datetimes() {
    }

    /** Why {@code instant} cannot be stored, or null when it can. */
    public static String problem(Instant instant) {
        if (!WireDatetime.inRange(instant)) {
            return "datetime out of range: years 0001 to 9999 (UTC) are accepted";
        }
        return null;
    }
}
