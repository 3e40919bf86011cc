package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.server.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * No event can stop an asynchronous processor: an event planted in the store past every check
 * (through the storage engine: no validation, no log document) that the analytics cannot handle
 * is parked with the later events of its trace, while every other write answers as usual and
 * every other trace is counted; health says OUT_OF_SERVICE and why; an operator lists, retries
 * and evicts the dead letters, after which health is UP and the trace's later events are
 * counted; the evaluation saga parks what it cannot handle the same way. A processor that fails as a whole (not one event) is DOWN with the reason, parks
 * nothing, and recovers by itself — run on each database.
 */
abstract class DeadLettersContract extends ApiContractBase {

    @Autowired
    EventStorageEngine storage;

    @Autowired
    TransactionManager transactions;

    /** Details of a Prompt Log that the analytics of this database cannot take. */
    abstract Map<String, Object> poison();

    /** The class of the failure {@link #poison()} causes, as the dead letter names it. */
    abstract String poisonFailure();

    static final String HOURS = "from=2025-03-01T10:00:00Z&to=2025-03-01T12:00:00Z&bucket=hour";

    JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isIn(200, 202);
        return response.json();
    }

    @Test
    void aPoisonEventIsParkedWithItsTraceWhileEverythingElseGoesOn() {
        String w = "dlq/" + run + "/";
        JsonNode root = ok(api.post("/v5/flows/log", "{\"path\":\"" + w + "Agent\",\"inputs\":{},\"log_status\":"
                + "\"incomplete\",\"created_at\":\"2025-03-01T10:15:00Z\",\"start_time\":\"2025-03-01T10:15:00Z\"}"));
        String rootId = root.get("id").stringValue();
        String flowId = root.get("flow_id").stringValue();
        JsonNode child = ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + rootId + "\",\"created_at\":\"2025-03-01T10:20:00Z\",\"prompt_tokens\":10,"
                + "\"start_time\":\"2025-03-01T10:15:01Z\",\"end_time\":\"2025-03-01T10:15:03Z\"}"));
        String childId = child.get("id").stringValue();
        String otherId = other(w).get("prompt_id").stringValue();
        List<Long> usual = timedWrites(w, 10);
        awaitCounted(otherId, 11);

        plant(childId, poison());
        JsonNode letters = await("the poison event parked", () -> ok(api.get("/v5/admin/dead-letters")),
                list -> letters(list).size() == 1);
        JsonNode head = letters(letters).getFirst();
        assertThat(head.get("processor").stringValue()).isEqualTo("analytics");
        assertThat(head.get("trace_id").stringValue()).as("sequenced by trace").isEqualTo(rootId);
        assertThat(head.get("aggregate_id").stringValue()).isEqualTo(childId);
        assertThat(head.get("event_type").stringValue()).isEqualTo("DetailsSet");
        assertThat(head.get("waiting").asBoolean()).isFalse();
        assertThat(head.get("cause").stringValue()).contains(poisonFailure());

        // a later event of the poisoned trace waits behind it; other traces' writes and stats go on
        ok(api.patch("/v5/flows/logs/" + rootId, "{\"log_status\":\"complete\",\"output\":\"done\"}"));
        List<Long> meanwhile = timedWrites(w, 10);
        awaitCounted(otherId, 21);
        letters = await("the trace's later event parked behind", () -> ok(api.get("/v5/admin/dead-letters")),
                list -> letters(list).size() == 2);
        JsonNode behind = letters(letters).get(1);
        assertThat(behind.get("aggregate_id").stringValue()).isEqualTo(rootId);
        assertThat(behind.get("waiting").asBoolean()).as("waits, did not fail").isTrue();
        assertThat(behind.get("cause").isNull()).isTrue();
        JsonNode flowStats = ok(api.get("/v5/flows/" + flowId + "/stats?" + HOURS));
        assertThat(flowStats.get("totals").get("status").get("incomplete").asLong())
                .as("the completion waits for the parked event").isEqualTo(1);
        System.out.printf("DeadLetters write times (ms) before the poison %s, while it is parked %s%n", usual, meanwhile);
        assertThat(max(meanwhile)).as("writes answer as before the poison (ms, before: %s)", usual)
                .isLessThan(Math.max(5_000, 10 * max(usual)));

        // health says why it is degraded: the reason to a key, the status alone without one
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
        JsonNode dead = health.get("components").get("deadLetters");
        assertThat(dead.get("details").get("reason").stringValue())
                .contains("analytics: 2 events of 1 trace parked");
        assertThat(dead.get("details").get("analytics").get("cause").stringValue()).contains(poisonFailure());
        assertThat(health.get("components").get("processors").get("status").stringValue())
                .as("the processor itself goes on").isEqualTo("UP");
        var anonymous = api.send("GET", "/actuator/health", (String) null, null);
        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.json().has("components")).as("no details without a key").isFalse();
        assertThat(anonymous.body()).doesNotContain("analytics", "parked");
        assertThat(anonymous.json().get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
        assertThat(api.send("GET", "/actuator/health/readiness", (String) null, null).status())
                .as("readiness follows").isEqualTo(503);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metric(metrics, "tracevault_dead_letters_parked_total")).as("counted").isGreaterThanOrEqualTo(2);
        await("the gauge of parked events", () -> metric(api.get("/actuator/prometheus").body(),
                "tracevault_dead_letters"), parked -> parked == 2);
        assertThat(api.send("GET", "/v5/admin/dead-letters", (String) null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/v5/admin/dead-letters", (String) null, "wrong").status()).isEqualTo(401);

        // retrying the poison fails again and keeps both; evicting it and retrying the rest works
        String headId = head.get("id").stringValue();
        JsonNode retried = ok(api.post("/v5/admin/dead-letters/" + headId + "/retry", ""));
        assertThat(retried.get("handled").asInt()).isZero();
        assertThat(retried.get("still_parked").asInt()).isEqualTo(2);
        assertThat(retried.get("failed").get("id").stringValue()).isEqualTo(headId);
        assertThat(retried.get("failed").get("retries").asInt()).isEqualTo(1);
        assertThat(api.send("DELETE", "/v5/admin/dead-letters/no-such-letter", (String) null, Api.KEY).status())
                .isEqualTo(404);
        JsonNode evicted = ok(api.send("DELETE", "/v5/admin/dead-letters/" + headId, (String) null, Api.KEY));
        assertThat(evicted.get("evicted").get("id").stringValue()).isEqualTo(headId);
        assertThat(health()).as("the completion still waits").isEqualTo("OUT_OF_SERVICE");
        JsonNode rest = ok(api.post("/v5/admin/dead-letters/retry", ""));
        assertThat(rest.get("handled").asInt()).isEqualTo(1);
        assertThat(rest.get("still_parked").asInt()).isZero();
        assertThat(letters(ok(api.get("/v5/admin/dead-letters")))).isEmpty();
        assertThat(health()).isEqualTo("UP");
        assertThat(api.send("GET", "/actuator/health/readiness", (String) null, null).status()).isEqualTo(200);
        flowStats = ok(api.get("/v5/flows/" + flowId + "/stats?" + HOURS));
        assertThat(flowStats.get("totals").get("status").get("complete").asLong())
                .as("the waiting completion was counted").isEqualTo(1);
        assertThat(flowStats.get("totals").get("tokens").get("prompt").asLong())
                .as("the evicted event never was").isEqualTo(10);

        // the trace is no longer parked: its next events are handled as they come
        ok(api.patch("/v5/flows/logs/" + rootId, "{\"error\":\"late\"}"));
        await("the trace's next event counted", () -> ok(api.get("/v5/flows/" + flowId + "/stats?" + HOURS)),
                stats -> stats.get("totals").get("errors").asLong() == 1);
        assertThat(letters(ok(api.get("/v5/admin/dead-letters")))).isEmpty();
    }

    @Test
    void aFailingProcessorIsDownWithItsReasonParksNothingAndRecovers() {
        String w = "failing/" + run + "/";
        String otherId = other(w).get("prompt_id").stringValue();
        awaitCounted(otherId, 1);
        int parkedBefore = letters(ok(api.get("/v5/admin/dead-letters"))).size();
        jdbc.execute("alter table dead_letter_lock rename to dead_letter_lock_away");
        try {
            other(w);
            JsonNode processors = await("the analytics processor reported failing",
                    () -> api.get("/actuator/health").json().get("components").get("processors"),
                    p -> p.get("status").stringValue().equals("DOWN"));
            assertThat(processors.get("details").get("reason").stringValue()).contains("analytics: failing");
            assertThat(api.send("GET", "/actuator/health/readiness", (String) null, null).status()).isEqualTo(503);
        } finally {
            jdbc.execute("alter table dead_letter_lock_away rename to dead_letter_lock");
        }
        awaitCounted(otherId, 2);
        await("the processor healthy again",
                () -> api.get("/actuator/health").json().get("components").get("processors").get("status").stringValue(),
                "UP"::equals);
        assertThat(letters(ok(api.get("/v5/admin/dead-letters")))).as("a failing processor parks nothing")
                .hasSize(parkedBefore);
    }

    @Test
    void erasingALogErasesItsDeadLettersCause() {
        String w = "erase/" + run + "/";
        String rootId = ok(api.post("/v5/flows/log", "{\"path\":\"" + w + "Agent\",\"inputs\":{},\"log_status\":"
                + "\"incomplete\",\"created_at\":\"2025-03-01T10:15:00Z\"}")).get("id").stringValue();
        String childId = ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + rootId + "\",\"created_at\":\"2025-03-01T10:20:00Z\"}")).get("id").stringValue();
        plant(childId, poison());
        JsonNode letter = await("the poison event parked", () -> letters(ok(api.get("/v5/admin/dead-letters"))).stream()
                .filter(l -> l.get("aggregate_id").stringValue().equals(childId)).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(letter.get("cause").stringValue()).contains(poisonFailure());
        try {
            assertThat(api.send("DELETE", "/v5/logs?id=" + childId, (String) null, Api.KEY).status()).isEqualTo(204);
            JsonNode erased = letters(ok(api.get("/v5/admin/dead-letters"))).stream()
                    .filter(l -> l.get("id").stringValue().equals(letter.get("id").stringValue())).findFirst()
                    .orElseThrow();
            String cause = erased.get("cause").stringValue();
            assertThat(cause.substring(cause.indexOf(": ") + 2)).as("only the exception's class is left")
                    .isEqualTo("(the message was erased with its log)");
        } finally {
            for (JsonNode parked : letters(ok(api.get("/v5/admin/dead-letters")))) {
                if (parked.get("trace_id").stringValue().equals(rootId)) {
                    api.send("DELETE", "/v5/admin/dead-letters/" + parked.get("id").stringValue(), (String) null, Api.KEY);
                }
            }
        }
    }

    @Test
    void theEvaluationSagaParksAnEventItCannotHandle() {
        String w = "saga/" + run + "/";
        String logId = other(w).get("id").stringValue();
        // an evaluation id longer than the evaluation jobs and the saga store keep (255)
        String evaluationId = "ev_" + "x".repeat(300);
        append(logId, new EvaluationRequested(logId, evaluationId, "pr_none",
                List.of(new EvaluatorVersionRef("ev_none", "evv_none")), Instant.now()));
        JsonNode letter = await("the saga's event parked", () -> letters(ok(api.get("/v5/admin/dead-letters"))).stream()
                .filter(l -> l.get("aggregate_id").stringValue().equals(logId)).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(letter.get("processor").stringValue()).isEqualTo("EvaluationSagaProcessor");
        assertThat(letter.get("event_type").stringValue()).isEqualTo("EvaluationRequested");
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.get("components").get("deadLetters").get("details").get("reason").stringValue())
                .contains("EvaluationSagaProcessor: 1 event of 1 trace parked");
        assertThat(health.get("components").get("processors").get("status").stringValue()).isEqualTo("UP");
        ok(api.send("DELETE", "/v5/admin/dead-letters/" + letter.get("id").stringValue(), (String) null, Api.KEY));
        assertThat(health()).isEqualTo("UP");
    }

    /** A Prompt Log of the other trace's file (a trace of its own). */
    JsonNode other(String w) {
        return ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Other\",\"prompt\":{\"model\":\"m\"},"
                + "\"created_at\":\"2025-03-01T10:30:00Z\",\"prompt_tokens\":5}"));
    }

    /** Writes {@code count} logs of the other file, each its own trace; the time of each answer in ms. */
    List<Long> timedWrites(String w, int count) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            other(w);
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        return times;
    }

    /** Waits until the analytics count {@code logs} logs of a Prompt (404 until they know the Prompt). */
    void awaitCounted(String promptId, long logs) {
        await(logs + " logs counted", () -> api.get("/v5/prompts/" + promptId + "/stats?" + HOURS),
                stats -> stats.status() == 200 && stats.json().get("totals").get("logs").asLong() == logs);
    }

    /** Appends {@code DetailsSet} to a Prompt Log as the next event of its stream, past the command side. */
    void plant(String logId, Map<String, Object> details) {
        append(logId, new DetailsSet(logId, details));
    }

    /** Appends {@code payload} to a log as the next event of its stream, past the command side. */
    void append(String logId, Object payload) {
        String type = jdbc.queryForObject("select type from domain_event_entry where aggregate_identifier = ?"
                + " fetch first 1 rows only", String.class, logId);
        long next = storage.lastSequenceNumberFor(logId).orElseThrow() + 1;
        transactions.executeInTransaction(() -> storage.appendEvents(
                new GenericDomainEventMessage<>(type, logId, next, payload)));
    }

    String health() {
        return api.get("/actuator/health").json().get("status").stringValue();
    }

    static List<JsonNode> letters(JsonNode list) {
        List<JsonNode> letters = new ArrayList<>();
        list.get("dead_letters").forEach(letters::add);
        return letters;
    }

    /** The value of a metric of the analytics in Prometheus' text format, or -1. */
    static double metric(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains("processor=\"analytics\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }

    static long max(List<Long> times) {
        return times.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        T value = read.get();
        while (!done.test(value)) {
            assertThat(System.nanoTime()).as("%s within 90 s; last seen: %s", what, value).isLessThan(deadline);
            ReplayApiContract.sleep(100);
            value = read.get();
        }
        return value;
    }
}
