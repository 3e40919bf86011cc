package dev.tracevault.events.wire;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A datetime as the API reads it everywhere — in bodies, query parameters, OpenTelemetry-derived logs and
 * imported events: ISO-8601, with an offset or, without one, in UTC; and the range every store holds, years
 * 0001 to 9999 in UTC. PostgreSQL's {@code timestamptz} ends in year 294276 and H2's at year 999999999, but
 * ISO-8601 without a sign has four-digit years and every reader of an export or an answer expects one; year
 * 0000 (1 BC) is not a year PostgreSQL writes back the same way.
 */
public final class WireDatetime {

    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private WireDatetime() {
    }

    /** The instant {@code text} names, or null if it is no ISO-8601 datetime. */
    public static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                return null;
            }
        }
    }

    /** Whether the stores can hold {@code instant}. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }
}
