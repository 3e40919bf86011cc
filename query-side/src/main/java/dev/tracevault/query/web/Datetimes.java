package dev.tracevault.query.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Datetimes in query parameters, read as everywhere in the API: ISO-8601, without an offset UTC, in
 * the years 0001 to 9999 (UTC) that every store holds (the write side's rule, {@code
 * command.validation.Datetimes}: PostgreSQL fails on a comparison with a later one).
 */
final class Datetimes {

    static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Datetimes() {
    }

    /** The instant, or null if {@code text} is no ISO-8601 datetime in the years 0001 to 9999. */
    static Instant parse(String text) {
        Instant instant = read(text);
        return instant == null || instant.isBefore(MIN) || instant.isAfter(MAX) ? null : instant;
    }

    private static Instant read(String text) {
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
}
