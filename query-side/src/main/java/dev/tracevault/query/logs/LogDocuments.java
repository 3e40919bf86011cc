package dev.tracevault.query.logs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The log documents: one row per log, its body the log's JSON as the API returns it minus the
 * parts composed at read time (its file object, evaluator logs and trace children), and the
 * columns the trace tree is ordered and walked by. The read model keeps them in the database
 * ({@link JdbcLogDocuments}); a log as of an earlier moment is rebuilt in memory
 * ({@link InMemoryLogDocuments}) by the same projection and read by the same reader.
 */
interface LogDocuments {

    /**
     * @param judgedLogId   for an Evaluator Log: the log it judges
     * @param judgedTraceId for an Evaluator Log: the trace of the log it judges, or that log's id
     *                      if it is in no trace
     */
    record Row(String logId, String kind, String fileId, String versionId, String traceId, String traceParentId,
               long lastSequence, Instant startTime, Instant loggedAt, String body, String judgedLogId,
               String judgedTraceId) {

        Row withBody(long sequence, Instant start, String newBody) {
            return new Row(logId, kind, fileId, versionId, traceId, traceParentId, sequence, start, loggedAt, newBody,
                    judgedLogId, judgedTraceId);
        }
    }

    /**
     * What a listing filters a log by, derived from its document whenever it is written (so a
     * replay rebuilds it): its {@code created_at}, the lower-case text searched by {@code search}
     * and the lower-case text searched by {@code metadata_search}.
     */
    record Listing(Instant createdAt, String searchText, String metadataText) {
    }

    Optional<Row> find(String logId);

    /** Every log of the trace, ordered as siblings are shown: by start time, then by when they were logged. */
    List<Row> trace(String traceId);

    /** The Evaluator Logs judging {@code logId}, oldest first. */
    List<Row> judgmentsOf(String logId);

    /** The Evaluator Logs judging any of {@code logIds}, oldest first. */
    List<Row> judgmentsOfAny(List<String> logIds);

    /** The Evaluator Logs judging any log of the trace {@code traceId}, oldest first. */
    List<Row> judgmentsOfTrace(String traceId);

    boolean hasChildren(String logId);

    /** The latest end among the direct children of {@code logId}. */
    Optional<Instant> latestChildEnd(String logId);

    /** Inserts a new row. */
    void insert(Row row, Instant endTime, Listing listing);

    /** Stores a document as a batch left it (the batch already applied the sequence rule). */
    void write(String logId, long sequence, Instant start, Instant end, String body, Listing listing);

    void delete(String logId);

    void deleteAll();
}
