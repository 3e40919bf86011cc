package dev.tracevault.queries;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a page of logs is ordered by (the viewer's column headers): when the log was logged, its
 * {@code start_time}, its duration ({@code end_time - start_time}), its tokens (prompt + output +
 * reasoning) or its cost (prompt + output). The direction is {@link ListLogs#newestFirst()}
 * (descending); logs without the value come last either way, and ties go by log id.
 */
public enum LogSort {
    CREATED("created_at"), START_TIME("start_time"), DURATION("duration"), TOKENS("tokens"), COST("cost");

    private final String wireName;

    LogSort(String wireName) {
        this.wireName = wireName;
    }

    /** Its name in a URL ({@code sort=}). */
    public String wireName() {
        return wireName;
    }

    /** The sort a URL names, if any. */
    public static Optional<LogSort> named(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    /** Every name a URL may give. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(LogSort::wireName).toList();
    }
}
