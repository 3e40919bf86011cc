package dev.tracevault.command.write;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindEnvironment;
import dev.tracevault.queries.FindFile;
import dev.tracevault.queries.FindLog;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * A write's answer, in the API's shape, from the read side: asked inside the write's transaction
 * (after its events were projected, see {@code WriteTransaction}), it is what that transaction
 * wrote; asked after a write committed, what it committed.
 */
@Component
public class Answers {

    private final QueryGateway queries;

    public Answers(QueryGateway queries) {
        this.queries = queries;
    }

    /** The log as the API returns it. */
    public String log(String logId) {
        return ask(new FindLog(logId));
    }

    /** The file as the API returns it, at {@code versionId} (null: latest). */
    public String file(String fileId, String kind, String versionId) {
        return ask(new FindFile(fileId, kind, versionId));
    }

    /** The directory as the API returns it. */
    public String directory(String directoryId) {
        return ask(new dev.tracevault.queries.FindDirectory(directoryId, false));
    }

    /** The environment as {@code EnvironmentResponse}. */
    public String environment(String environmentId) {
        return ask(new FindEnvironment(environmentId));
    }

    private String ask(Object query) {
        try {
            return queries.query(query, ApiDocument.class).get().json();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the answer", e);
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
