package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A write that waits for a row another connection holds ends within the lock bound
 * ({@code tracevault.db.lock-timeout}, 1 s here) as a 503 {@code database_timeout} storing nothing, never a
 * hang and never a 409 after retrying the wait ten times; once the row is free the same write is stored —
 * run on each database.
 */
abstract class StatementBoundsContract extends ApiContractBase {

    static final String BOUNDS = "tracevault.db.lock-timeout=1s";

    @Test
    void aWriteWaitingForALockedRowEndsAsA503WithinTheBound() throws Exception {
        JsonNode created = api.post("/v5/flows/log", "{\"path\":\"bounds/" + run + "/Agent\",\"inputs\":{},"
                + "\"log_status\":\"incomplete\"}").json();
        String logId = created.get("id").stringValue();
        int events = history(logId);
        try (Connection holder = jdbc.getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("select log_id from log_document where log_id = ? for update")) {
                lock.setString(1, logId);
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            var refused = api.patch("/v5/flows/logs/" + logId, "{\"output\":\"late\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("StatementBounds: a write waiting for a locked row answered %d in %d ms%n",
                    refused.status(), millis);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().get("type").stringValue()).isEqualTo("database_timeout");
            assertThat(millis).as("within the 1 s bound, not retried").isLessThan(5_000);
            holder.rollback();
        }
        assertThat(history(logId)).as("nothing stored").isEqualTo(events);
        var stored = api.patch("/v5/flows/logs/" + logId, "{\"output\":\"late\"}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(history(logId)).isEqualTo(events + 1);
        assertThat(api.get("/actuator/health").json().get("status").stringValue())
                .as("the database works: health does not say DOWN").isEqualTo("UP");
    }

    private int history(String logId) {
        return api.get("/v5/logs/" + logId + "/history").json().get("events").size();
    }
}
