package dev.tracevault.query;

/**
 * The in-flight memory budget as an answer sees it: before a handler loads stored values it did not
 * know the size of when the request came in (a page of logs), it takes its share, given back when the
 * request ends. The server's admission implements it; without one (a query-side test) nothing is taken.
 */
public interface AnswerMemory {

    /**
     * Takes the heap an answer built from {@code storedBytes} of stored values needs, waiting its
     * bounded time; small answers take nothing.
     *
     * @throws dev.tracevault.problems.Unavailable if it was not free in time (a 503 with Retry-After)
     */
    void take(long storedBytes);
}
