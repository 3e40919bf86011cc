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
import java.util.Set;
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

    /** Details of a log that the log documents of this database cannot take (when a rebuild meets them). */
    abstract Map<String, Object> logsPoison();

    /** The failure {@link #logsPoison()} causes, as the dead letter names it. */
    abstract String logsPoisonFailure();

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
            // the erasure's own events reach the analytics after the DELETE answered, and wait behind the
            // poison: evict until none of the trace has come for a few looks
            for (int quiet = 0, look = 0; quiet < 3 && look < 30; look++) {
                boolean any = false;
                for (JsonNode parked : letters(ok(api.get("/v5/admin/dead-letters")))) {
                    if (parked.get("trace_id").stringValue().equals(rootId)) {
                        api.send("DELETE", "/v5/admin/dead-letters/" + parked.get("id").stringValue(), (String) null,
                                Api.KEY);
                        any = true;
                    }
                }
                quiet = any ? 0 : quiet + 1;
                ReplayApiContract.sleep(500);
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
        assertThat(health()).as("%s", api.get("/v5/admin/dead-letters").body()).isEqualTo("UP");
    }

    /**
     * A rebuild of the log documents that meets an event it cannot project (planted past every check)
     * parks it with the later events of its trace, projects every other trace, ends, and the writes
     * resume; health says why it is degraded; a write into the parked trace is a 503 storing nothing; a
     * retry from the admin endpoint applies a letter once its cause is gone (here a constraint the test
     * adds and drops), and evicting the poison lets the rest of its trace be applied.
     */
    @Test
    void aPoisonEventInARebuildOfTheLogDocumentsIsParkedAndTheRebuildEnds() {
        String w = "rebuild/" + run + "/";
        String rootId = ok(api.post("/v5/flows/log", "{\"path\":\"" + w + "Agent\",\"inputs\":{},\"log_status\":"
                + "\"incomplete\",\"start_time\":\"2025-03-01T10:15:00Z\"}")).get("id").stringValue();
        String childId = ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + rootId + "\",\"start_time\":\"2025-03-01T10:15:01Z\"}")).get("id").stringValue();
        String blockedRootId = ok(api.post("/v5/flows/log", "{\"path\":\"" + w + "Agent\",\"inputs\":{},"
                + "\"log_status\":\"incomplete\",\"start_time\":\"2025-03-01T10:15:00Z\"}")).get("id").stringValue();
        String blockedId = ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + blockedRootId + "\",\"start_time\":\"2025-03-01T10:15:01Z\"}"))
                .get("id").stringValue();
        String otherId = other(w).get("id").stringValue();
        List<Long> usual = timedWrites(w, 5);
        plant(childId, logsPoison());
        // the trace's later event, stored after the poison: it waits behind it in the rebuild
        ok(api.patch("/v5/flows/logs/" + rootId, "{\"log_status\":\"complete\",\"output\":\"done\"}"));
        // an end time the log documents refuse while the test's constraint holds: applied by a retry later
        plant(blockedId, Map.of("end_time", "2950-01-01T00:00:00Z"));
        jdbc.execute("alter table log_document add constraint rebuild_blocked check (end_time is null"
                + " or end_time < timestamp with time zone '2900-01-01 00:00:00+00')");
        Set<String> mine = Set.of(rootId, blockedRootId);
        try {
            assertThat(api.post("/v5/admin/replay?projection=logs", "").status()).isEqualTo(202);
            long started = System.nanoTime();
            JsonNode done = await("the rebuild ends", () -> ok(api.get("/v5/admin/replay")),
                    status -> !status.get("state").stringValue().equals("running"));
            assertThat(done.get("state").stringValue()).as(done.toString()).isEqualTo("done");
            long firstWrite = System.nanoTime();
            other(w);
            List<Long> after = timedWrites(w, 5);
            System.out.printf("DeadLetters rebuild with a poison event: ended after %d ms, first write %d ms after,"
                            + " writes before %s, after %s%n", (firstWrite - started) / 1_000_000,
                    (System.nanoTime() - firstWrite) / 1_000_000 - after.stream().mapToLong(Long::longValue).sum(),
                    usual, after);
            assertThat(max(after)).as("writes answer as before (ms, before: %s)", usual)
                    .isLessThan(Math.max(5_000, 10 * max(usual)));

            // the analytics park the poison too, with the completion behind it: not this test's subject
            await("the analytics parked the completion behind the poison", () -> letters(ok(api.get("/v5/admin/dead-letters"))),
                    list -> list.stream().anyMatch(l -> l.get("processor").stringValue().equals("analytics")
                            && l.get("aggregate_id").stringValue().equals(rootId)));
            for (JsonNode letter : letters(ok(api.get("/v5/admin/dead-letters")))) {
                if (!letter.get("processor").stringValue().equals("logs") && mine.contains(letter.get("trace_id").stringValue())) {
                    ok(api.send("DELETE", "/v5/admin/dead-letters/" + letter.get("id").stringValue(), (String) null, Api.KEY));
                }
            }

            List<JsonNode> parked = logsLetters(mine);
            assertThat(parked).as(parked.toString()).hasSize(4);
            JsonNode poison = parked.stream().filter(l -> l.get("aggregate_id").stringValue().equals(childId)).findFirst()
                    .orElseThrow();
            assertThat(poison.get("trace_id").stringValue()).as("sequenced by trace").isEqualTo(rootId);
            assertThat(poison.get("waiting").asBoolean()).isFalse();
            assertThat(poison.get("cause").stringValue()).contains(logsPoisonFailure());
            List<JsonNode> behind = parked.stream().filter(l -> l.get("aggregate_id").stringValue().equals(rootId))
                    .toList();
            assertThat(behind).as("the completion's two events").hasSize(2)
                    .allSatisfy(l -> assertThat(l.get("waiting").asBoolean()).as("waits behind the poison").isTrue());
            JsonNode blocked = parked.stream().filter(l -> l.get("aggregate_id").stringValue().equals(blockedId))
                    .findFirst().orElseThrow();
            assertThat(blocked.get("trace_id").stringValue()).isEqualTo(blockedRootId);
            assertThat(blocked.get("cause").stringValue()).containsIgnoringCase("rebuild_blocked");

            // every other trace was rebuilt; the parked trace shows what came before its poison
            assertThat(ok(api.get("/v5/logs/" + otherId)).get("id").stringValue()).isEqualTo(otherId);
            assertThat(ok(api.get("/v5/logs/" + rootId)).get("log_status").stringValue()).isEqualTo("incomplete");

            JsonNode health = api.get("/actuator/health").json();
            assertThat(health.get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
            assertThat(health.get("components").get("deadLetters").get("details").get("reason").stringValue())
                    .contains("logs: ").contains("parked");
            assertThat(health.get("components").get("deadLetters").get("details").get("logs").get("dead_letters")
                    .asInt()).isGreaterThanOrEqualTo(4);
            assertThat(api.send("GET", "/actuator/health/readiness", (String) null, null).status()).isEqualTo(503);

            // a write into the parked trace waits for the operator; it stores nothing
            long events = storage.lastSequenceNumberFor(rootId).orElseThrow();
            var refused = api.patch("/v5/flows/logs/" + rootId, "{\"error\":\"late\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().get("detail").stringValue()).contains("waits for an operator");
            assertThat(storage.lastSequenceNumberFor(rootId).orElseThrow()).isEqualTo(events);

            // the blocked letter is applied by a retry once its cause is gone
            jdbc.execute("alter table log_document drop constraint rebuild_blocked");
            JsonNode retried = ok(api.post("/v5/admin/dead-letters/" + blocked.get("id").stringValue() + "/retry", ""));
            assertThat(retried.get("handled").asInt()).isEqualTo(1);
            assertThat(retried.get("still_parked").asInt()).isZero();
            assertThat(ok(api.get("/v5/logs/" + blockedId)).get("end_time").stringValue()).startsWith("2950-01-01");

            // the poison fails again; evicted, the rest of its trace is applied
            String poisonId = poison.get("id").stringValue();
            JsonNode again = ok(api.post("/v5/admin/dead-letters/" + poisonId + "/retry", ""));
            assertThat(again.get("handled").asInt()).isZero();
            assertThat(again.get("still_parked").asInt()).isEqualTo(3);
            ok(api.send("DELETE", "/v5/admin/dead-letters/" + poisonId, (String) null, Api.KEY));
            JsonNode rest = ok(api.post("/v5/admin/dead-letters/" + behind.getFirst().get("id").stringValue() + "/retry",
                    ""));
            assertThat(rest.get("handled").asInt()).isEqualTo(2);
            assertThat(ok(api.get("/v5/logs/" + rootId)).get("log_status").stringValue()).isEqualTo("complete");
            assertThat(logsLetters(mine)).isEmpty();
            ReplayApiContract.sleep(1_100); // another instance's view of the parked traces is at most 1 s old
            ok(api.patch("/v5/flows/logs/" + rootId, "{\"error\":\"late\"}"));
        } finally {
            jdbc.execute("alter table log_document drop constraint if exists rebuild_blocked");
            // the analytics may have parked the planted events too; other tests' poisons met by this rebuild
            for (JsonNode letter : letters(ok(api.get("/v5/admin/dead-letters")))) {
                if (letter.get("processor").stringValue().equals("logs") || mine.contains(letter.get("trace_id").stringValue())) {
                    api.send("DELETE", "/v5/admin/dead-letters/" + letter.get("id").stringValue(), (String) null, Api.KEY);
                }
            }
        }
        assertThat(health()).isEqualTo("UP");
    }

    /** The dead letters of the log documents in the traces {@code traces}. */
    List<JsonNode> logsLetters(Set<String> traces) {
        return letters(ok(api.get("/v5/admin/dead-letters"))).stream()
                .filter(l -> l.get("processor").stringValue().equals("logs") && traces.contains(l.get("trace_id").stringValue()))
                .toList();
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
