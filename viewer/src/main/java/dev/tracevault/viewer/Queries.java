package dev.tracevault.viewer;

import dev.tracevault.queries.ApiDocument;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The viewer reads through the query side's own queries, as the API's read endpoints do: the same
 * answers, the same errors (a query handler's 404 or 422 reaches the caller as it was thrown).
 */
@Component
class Queries {

    private final QueryGateway gateway;

    Queries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    String ask(Object query) {
        try {
            return gateway.query(query, ApiDocument.class).get().json();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException
                    || cause instanceof QueryExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }
}
