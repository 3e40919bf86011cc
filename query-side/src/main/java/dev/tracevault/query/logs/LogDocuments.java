package dev.tracevault.query.logs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
     * @param hasChildren   whether a log ever joined the trace below it (else reading it looks for none)
     * @param judged        whether an Evaluator Log ever judged it (else reading it looks for none)
     */
    record Row(String logId, String kind, String fileId, String versionId, String traceId, String traceParentId,
               long lastSequence, Instant startTime, Instant loggedAt, String body, String judgedLogId,
               String judgedTraceId, boolean hasChildren, boolean judged) {

        Row withBody(long sequence, Instant start, String newBody) {
            return new Row(logId, kind, fileId, versionId, traceId, traceParentId, sequence, start, loggedAt, newBody,
                    judgedLogId, judgedTraceId, hasChildren, judged);
        }

        Row withFlags(boolean newHasChildren, boolean newJudged) {
            return new Row(logId, kind, fileId, versionId, traceId, traceParentId, lastSequence, startTime, loggedAt,
                    body, judgedLogId, judgedTraceId, newHasChildren, newJudged);
        }
    }

    /**
     * What a listing filters a log by, derived from its document whenever it is written (so a
     * replay rebuilds it): its {@code created_at}, the lower-case text searched by {@code search},
     * the lower-case text searched by {@code metadata_search}, and an Evaluator Log's judgment
     * (compact JSON, or null).
     */
    record Listing(Instant createdAt, String searchText, String metadataText, String judgment) {
    }

    /**
     * What the viewer's outline shows of a log beside its ids and times, derived from its document
     * whenever it is written ({@link OutlineColumns}).
     */
    record Outline(String status, boolean error, boolean erased, Long tokens, Double cost) {
    }

    /**
     * A log as its trace's outline reads it, without its document: {@code outline} is null for a
     * row written before the outline columns existed (then its document has it).
     */
    record OutlineRow(String logId, String kind, String versionId, String traceParentId, Instant startTime,
                      Instant endTime, Instant loggedAt, Outline outline) {
    }

    /** A row as a batch writes it: the row with its body, its end time, its listing and its outline columns. */
    record Written(Row row, Instant endTime, Listing listing, Outline outline) {
    }

    Optional<Row> find(String logId);

    /** {@link #find}, locking the row until the current transaction ends. */
    Optional<Row> findForUpdate(String logId);

    /** Every log of the trace, ordered as siblings are shown: by start time, then by when they were logged. */
    List<Row> trace(String traceId);

    /** The Evaluator Logs judging {@code logId}, oldest first. */
    List<Row> judgmentsOf(String logId);

    /** The Evaluator Logs judging any of {@code logIds}, oldest first. */
    List<Row> judgmentsOfAny(List<String> logIds);

    /** The Evaluator Logs judging any log of the trace {@code traceId}, oldest first. */
    List<Row> judgmentsOfTrace(String traceId);

    boolean hasChildren(String logId);

    /** The end of each direct child of {@code logId} (null: none), by child id. */
    Map<String, Instant> childEnds(String logId);

    /** Inserts new rows. */
    void insertAll(List<Written> rows);

    /** Stores documents as a batch left them (the batch already applied the sequence rule). */
    void writeAll(List<Written> rows);

    void delete(String logId);

    void deleteAll();
}
