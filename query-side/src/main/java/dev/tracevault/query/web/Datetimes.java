package dev.tracevault.query.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Datetimes in query parameters, read as everywhere in the API: ISO-8601, without an offset UTC. */
final class Datetimes {

    private Datetimes() {
    }

    /** The instant, or null if {@code text} is no ISO-8601 datetime. */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
