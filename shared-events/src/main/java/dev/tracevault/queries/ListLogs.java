package dev.tracevault.queries;

import java.time.Instant;
import java.util.List;

/**
 * Asks for one page of the logs of a File (spec §3.9), already validated. Its answer is the
 * {@code PaginatedDataLogResponse} JSON: {@code {records, page, size, total}}.
 *
 * @param ids            substrings of log ids, ORed (empty: no filter)
 * @param search         substring of the log's inputs, output and messages, any case (null: none)
 * @param metadataSearch substring of the log's metadata, any case (null: none)
 * @param startDate      only logs created at or after (null: none)
 * @param endDate        only logs created at or before (null: none)
 * @param inTrace        true: only logs in a trace; false: only logs outside any; null: no filter
 * @param sample         at most about this many logs, chosen at random (null: all)
 * @param newestFirst    the newest logs first (the viewer's order) instead of the oldest; with another
 *                       {@code sort}: descending (largest, latest first)
 * @param logStatus      only logs of this {@code log_status} (null: no filter; the viewer's)
 * @param hasError       true: only logs whose {@code error} is set; false: only those without (null:
 *                       no filter; the viewer's)
 * @param judgedBy       with {@code judgment}: only logs whose current judgment by this evaluator (its
 *                       file id) is {@code judgment}, compact JSON (null: no filter; the viewer's)
 * @param sort           what the page is ordered by (null: {@link LogSort#CREATED}; the viewer's)
 */
public record ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                       String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                       Boolean inTrace, Integer sample, boolean includeTraceChildren, boolean newestFirst,
                       String logStatus, Boolean hasError, String judgedBy, String judgment,
                       LogSort sort) {

    public ListLogs {
        ids = List.copyOf(ids);
        sort = sort == null ? LogSort.CREATED : sort;
    }

    /** In the order the logs were logged. */
    public ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                    String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                    Boolean inTrace, Integer sample, boolean includeTraceChildren, boolean newestFirst,
                    String logStatus, Boolean hasError, String judgedBy, String judgment) {
        this(fileId, page, size, versionId, ids, search, metadataSearch, startDate, endDate, includeParent, inTrace,
                sample, includeTraceChildren, newestFirst, logStatus, hasError, judgedBy, judgment, LogSort.CREATED);
    }

    /** Without the viewer's status and error filters. */
    public ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                    String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                    Boolean inTrace, Integer sample, boolean includeTraceChildren, boolean newestFirst) {
        this(fileId, page, size, versionId, ids, search, metadataSearch, startDate, endDate, includeParent, inTrace,
                sample, includeTraceChildren, newestFirst, null, null, null, null, LogSort.CREATED);
    }

    /** Oldest first, as {@code GET /v5/logs} pages (spec §3.9). */
    public ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                    String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                    Boolean inTrace, Integer sample, boolean includeTraceChildren) {
        this(fileId, page, size, versionId, ids, search, metadataSearch, startDate, endDate, includeParent, inTrace,
                sample, includeTraceChildren, false);
    }
}
