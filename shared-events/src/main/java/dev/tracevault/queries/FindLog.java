package dev.tracevault.queries;

/**
 * Asks for a log as the API returns it.
 *
 * @param minSequence the answer must reflect at least the log's events up to this sequence number
 *                    (-1 for whatever is visible now): a writer passes the sequence of its last
 *                    event to read its own write
 */
public record FindLog(String logId, long minSequence) {

    public static FindLog current(String logId) {
        return new FindLog(logId, -1);
    }
}
