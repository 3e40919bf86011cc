package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One transaction per write (issue 16): a write appends its events and writes the log documents in
 * one transaction and answers from what that transaction wrote. So the answer of each of many
 * concurrent PATCHes of one log is the document that PATCH made (not a neighbour's), it is what a
 * later read shows as that version, and a write whose projection fails stores nothing at all.
 */
abstract class WritePathContract extends ApiContractBase {

    private String newLog() {
        var created = api.post("/v5/flows/log", "{\"path\":\"write-path/" + run + "\",\"inputs\":{\"q\":1},"
                + "\"log_status\":\"incomplete\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("id").stringValue();
    }

    @Test
    void eachOfManyConcurrentPatchesAnswersTheDocumentItsOwnTransactionWrote() throws Exception {
        String id = newLog();
        int writers = 16;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String output = "written by " + i;
                Callable<JsonNode> patch = () -> {
                    start.await();
                    var patched = api.patch("/v5/flows/logs/" + id, "{\"output\":" + quote(output) + "}");
                    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
                    return patched.json();
                };
                answers.add(pool.submit(patch));
            }
            start.countDown();
            for (int i = 0; i < writers; i++) {
                assertThat(answers.get(i).get().get("output").stringValue()).isEqualTo("written by " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        // each answer was a version of the log: the last one in the history is what a read shows now
        JsonNode events = api.get("/v5/logs/" + id + "/history").json().get("events");
        assertThat(events.size()).as("a creation and one event per PATCH").isEqualTo(1 + writers);
        String last = api.get("/v5/logs/" + id + "?version=" + events.get(writers).get("sequence").asLong())
                .json().get("output").stringValue();
        assertThat(api.get("/v5/logs/" + id).json().get("output").stringValue()).isEqualTo(last);
    }

    @Test
    void aWriteWhoseProjectionFailsStoresNothingAndALaterOneSucceeds() {
        String id = newLog();
        long events = allEvents();
        String before = api.get("/v5/logs/" + id).body();
        jdbc.execute("alter table log_document rename to log_document_away");
        try {
            var patched = api.patch("/v5/flows/logs/" + id, "{\"output\":\"lost with its projection\"}");
            assertThat(patched.status()).as(patched.body()).isGreaterThanOrEqualTo(500);
            assertThat(patched.contentType()).contains("application/json");
            assertThat(allEvents()).as("the event rolled back with its failed projection").isEqualTo(events);
        } finally {
            jdbc.execute("alter table log_document_away rename to log_document");
        }
        assertThat(api.get("/v5/logs/" + id).body()).isEqualTo(before);
        var retried = api.patch("/v5/flows/logs/" + id, "{\"output\":\"stored with its projection\"}");
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("output").stringValue()).isEqualTo("stored with its projection");
        assertThat(allEvents()).isEqualTo(events + 1);
        assertThat(api.get("/v5/logs/" + id).body()).isEqualTo(retried.body());
    }

    @Test
    void aCreatedChildIsInItsParentsTreeInTheAnswerOfTheNextWrite() {
        String root = newLog();
        var child = api.post("/v5/prompts/log", "{\"path\":\"write-path/" + run + "-prompt\",\"prompt\":{\"model\":"
                + "\"m\"},\"inputs\":{},\"output\":\"o\",\"trace_parent_id\":\"" + root + "\"}");
        assertThat(child.status()).as(child.body()).isEqualTo(200);
        var patched = api.patch("/v5/flows/logs/" + root, "{\"output\":\"x\"}");
        assertThat(patched.json().get("trace_children").get(0).get("id").stringValue())
                .isEqualTo(child.json().get("id").stringValue());
        assertThat(patched.json().get("flow").get("version_logs_count").asLong()).as("counted in its answer at once")
                .isEqualTo(1);
    }
}
