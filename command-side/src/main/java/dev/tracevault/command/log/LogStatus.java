package dev.tracevault.command.log;

import java.util.Arrays;
import java.util.Optional;

/** {@code log_status} on the wire. */
public enum LogStatus {
    COMPLETE("complete"),
    INCOMPLETE("incomplete");

    private final String wire;

    LogStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<LogStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
