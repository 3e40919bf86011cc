package dev.tracevault.viewer;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.query.QueryGateways;
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
        return QueryGateways.ask(gateway, query, ApiDocument.class).json();
    }
}
