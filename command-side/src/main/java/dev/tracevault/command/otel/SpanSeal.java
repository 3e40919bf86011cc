package dev.tracevault.command.otel;

/**
 * How a span waiting for its parent ({@code otel_pending_span}) is kept: in the clear (keys in the
 * main database), or sealed as a whole with its log's key when the keys are kept in a store of
 * their own, like every other copy of a log's content.
 */
public interface SpanSeal {

    /** The span's log as stored. */
    String sealSpan(String logId, String json);

    /** A stored span's log as read. */
    String openSpan(String logId, String stored);
}
