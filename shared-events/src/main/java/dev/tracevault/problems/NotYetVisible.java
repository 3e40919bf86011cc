package dev.tracevault.problems;

/**
 * A write was stored, but the read model did not show it within the wait limit (a projection is
 * stalled or far behind). Retrying the same request is safe: it changes nothing twice.
 */
public class NotYetVisible extends RuntimeException {

    public NotYetVisible(String detail) {
        super(detail);
    }
}
