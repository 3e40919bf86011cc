package dev.tracevault.command.web;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.AwaitErased;
import dev.tracevault.queries.FindFile;
import dev.tracevault.queries.FindLog;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Makes a write visible before it is acknowledged: asks the read side for the log at the sequence
 * the write reached (the read side waits until its projection got there). Every later read, on any
 * instance, then sees the write.
 */
@Component
class ReadAfterWrite {

    private final QueryGateway queries;

    ReadAfterWrite(QueryGateway queries) {
        this.queries = queries;
    }

    /** The log as the API returns it, reflecting at least its events up to {@code sequence}. */
    String await(String logId, long sequence) {
        return ask(new FindLog(logId, sequence));
    }

    /** The file as the API returns it, at {@code versionId} (null: latest), reflecting its events up to {@code sequence}. */
    String file(String fileId, String kind, String versionId, long sequence) {
        return ask(new FindFile(fileId, kind, versionId, sequence));
    }

    /** Returns once the read side shows none of {@code logIds}. */
    void awaitErased(java.util.List<String> logIds) {
        ask(new AwaitErased(logIds));
    }

    private String ask(Object query) {
        try {
            return queries.query(query, ApiDocument.class).get().json();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException
                || cause instanceof QueryExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
