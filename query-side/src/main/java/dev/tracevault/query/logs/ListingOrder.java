package dev.tracevault.query.logs;

import dev.tracevault.queries.ListLogs;
import dev.tracevault.queries.LogSort;

/**
 * The order of a page of logs, as an SQL {@code order by} clause (the same on H2 and PostgreSQL):
 * by the query's {@link LogSort}, ascending or descending ({@link ListLogs#newestFirst()}), logs
 * without the value (no {@code start_time}, an incomplete log's duration, no tokens or cost) last
 * in both directions, and ties by {@code log_id} in the same direction, so that offset paging
 * neither skips nor repeats a log while the data stands still.
 *
 * <p>By the time logged ({@code logged_at}, never null) the clause is the one the file's
 * ({@code file_id, logged_at, log_id}) indexes serve, forwards or backwards.
 */
final class ListingOrder {

    private ListingOrder() {
    }

    /** {@code " order by ..."} for {@code query}. */
    static String of(ListLogs query) {
        String direction = query.newestFirst() ? " desc" : "";
        if (query.sort() == LogSort.CREATED) {
            return " order by logged_at" + direction + ", log_id" + direction;
        }
        return " order by " + column(query.sort()) + direction + " nulls last, log_id" + direction;
    }

    /** The column (or expression) a sort orders by. */
    static String column(LogSort sort) {
        return switch (sort) {
            case CREATED -> "logged_at";
            case START_TIME -> "start_time";
            case DURATION -> "(end_time - start_time)";
            case TOKENS -> "tokens";
            case COST -> "cost";
        };
    }
}
