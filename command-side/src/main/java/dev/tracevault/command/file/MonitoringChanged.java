package dev.tracevault.command.file;

import java.util.List;

/**
 * What {@link UpdateMonitoring} changed: the monitors it activated and deactivated (naming an
 * active one again, or an inactive one, changes nothing), and the file's newest event sequence.
 */
public record MonitoringChanged(List<MonitorRef> activated, List<MonitorRef> deactivated, long sequence) {
}
