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
 * @param newestFirst    the newest logs first (the viewer's order) instead of the oldest
 */
public record ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                       String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                       Boolean inTrace, Integer sample, boolean includeTraceChildren, boolean newestFirst) {

    public ListLogs {
        ids = List.copyOf(ids);
    }

    /** Oldest first, as {@code GET /v5/logs} pages (spec §3.9). */
    public ListLogs(String fileId, int page, int size, String versionId, List<String> ids, String search,
                    String metadataSearch, Instant startDate, Instant endDate, boolean includeParent,
                    Boolean inTrace, Integer sample, boolean includeTraceChildren) {
        this(fileId, page, size, versionId, ids, search, metadataSearch, startDate, endDate, includeParent, inTrace,
                sample, includeTraceChildren, false);
    }
}
