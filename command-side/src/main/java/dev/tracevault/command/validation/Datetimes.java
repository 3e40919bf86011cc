package dev.tracevault.command.validation;

import java.time.Instant;

/**
 * A datetime the stores can hold: from year 0001 to year 9999 in UTC. PostgreSQL's
 * {@code timestamptz} ends in year 294276 and H2's at year 999999999, but ISO-8601 without a sign
 * has four-digit years, and every reader of an export or an answer expects one; year 0000 (1 BC)
 * is not a year PostgreSQL writes back the same way.
 */
public final class Datetimes {

    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Datetimes() {
    }

    /** Why {@code instant} cannot be stored, or null when it can. */
    public static String problem(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            return "datetime out of range: years 0001 to 9999 (UTC) are accepted";
        }
        return null;
    }
}
