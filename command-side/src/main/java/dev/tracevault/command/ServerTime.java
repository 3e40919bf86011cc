package dev.tracevault.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The server's clock, at the microsecond precision every supported database keeps. */
public final class ServerTime {

    private ServerTime() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
