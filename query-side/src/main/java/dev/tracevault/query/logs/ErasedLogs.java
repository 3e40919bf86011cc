package dev.tracevault.query.logs;

import dev.tracevault.problems.NotYetVisible;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.AwaitErased;
import dev.tracevault.query.progress.ProjectionProgress;
import java.time.Duration;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** An eraser's read-your-writes: answers once every erased log reads as its {@link Tombstone}. */
@Component
class ErasedLogs {

    private final LogDocuments documents;
    private final ProjectionProgress progress;
    private final JsonMapper mapper;
    private final Duration maxWait;
    private final long pollMillis;

    ErasedLogs(LogDocuments documents, ProjectionProgress progress, JsonMapper mapper,
               @Value("${tracevault.read-your-writes.max-wait:PT10S}") Duration maxWait,
               @Value("${tracevault.read-your-writes.poll-interval:PT0.02S}") Duration poll) {
        this.documents = documents;
        this.progress = progress;
        this.mapper = mapper;
        this.maxWait = maxWait;
        this.pollMillis = Math.max(1, poll.toMillis());
    }

    @QueryHandler
    ApiDocument handle(AwaitErased query) {
        var deadline = progress.deadline(maxWait);
        try {
            while (!notYetErased(query.logIds()).isEmpty()) {
                if (deadline.passed()) {
                    throw new NotYetVisible("the erasure is stored but the read model still shows the content of"
                            + " some of the logs; retrying the request is safe");
                }
                progress.awaitChange(pollMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotYetVisible("interrupted while waiting for the erasure to show");
        }
        return new ApiDocument("{}");
    }

    /** Those of {@code logIds} whose document is not a tombstone yet. */
    List<String> notYetErased(List<String> logIds) {
        return logIds.stream().filter(id -> documents.find(id)
                .map(row -> !Tombstone.is(mapper.readTree(row.body()))).orElse(true)).toList();
    }
}
