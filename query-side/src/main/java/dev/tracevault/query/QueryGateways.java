package dev.tracevault.query;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Asking a query and waiting for its answer, for the API's read endpoints and the viewer alike: a query
 * handler's own exception (a 404, a 422) reaches the caller as it was thrown, not wrapped by the gateway.
 */
public final class QueryGateways {

    private QueryGateways() {
    }

    public static <T> T ask(QueryGateway queries, Object query, Class<T> answer) {
        try {
            return queries.query(query, answer).get();
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
