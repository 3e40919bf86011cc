package dev.tracevault.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v5/flows/{id}/stats} over the rollups of a million logs, on PostgreSQL, over HTTP (issue
 * #7: a stats query over all of them under 200 ms).
 *
 * <p>The stats are read from hourly rollup rows ({@code analytics_hour}), never from the logs. So: one
 * hour's worth of real traces is written through the API — a Flow Log (incomplete), a Prompt Log child
 * with tokens, costs and a provider latency, the completion, and for every fourth trace a boolean and a
 * number judgment — with random durations and errors, and the server's {@code analytics} projection
 * turns them into that hour's rows. Those rows are then copied to the hours before it in SQL, as many
 * as make {@code logs} logs, exactly as {@link ReadAtScale} copies log documents. The query then sums
 * up every one of them: all hours ({@code bucket=hour}, at most 1,000 buckets) and all days.
 */
final class StatsAtScale {

    private static final int MEASURED = 15;

    private final Api api;
    private final Target target;
    private final Random random = new Random(7);

    StatsAtScale(Api api, Target target) {
        this.api = api;
        this.target = target;
    }

    /** Writes {@code perHour} traces in one hour, copies its rows to make {@code logs} logs, prints a table. */
    void run(long logs, int perHour) throws Exception {
        Instant hour = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        long t0 = System.nanoTime();
        // the first trace alone, so that its files (Flow, Prompt, both Evaluators) exist before the others race
        String flowId = trace(new Random(random.nextLong()), hour, true);
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<String>> traces = new ArrayList<>();
            for (int i = 1; i < perHour; i++) {
                long seed = random.nextLong();
                traces.add(clients.submit(() -> trace(new Random(seed), hour, false)));
            }
            for (var trace : traces) {
                flowId = trace.get();
            }
        }
        System.err.printf("wrote %d traces through the API in %.0f s%n", perHour, (System.nanoTime() - t0) / 1e9);

        long hours = Math.max(1, logs / perHour);
        awaitProjected(flowId, hour, perHour);
        try (Connection c = target.connect()) {
            c.setAutoCommit(true);
            try (PreparedStatement copy = c.prepareStatement("""
                    insert into analytics_hour (file_id, hour_start, version_id, body)
                    select h.file_id, h.hour_start - k * interval '1 hour', h.version_id, h.body
                    from analytics_hour h, generate_series(1, ?) as k where h.file_id = ?""")) {
                copy.setLong(1, hours - 1);
                copy.setString(2, flowId);
                copy.executeUpdate();
            }
            Sql.execute(c, "vacuum analyze analytics_hour");
        }

        String from = hour.minus(Duration.ofHours(hours - 1)).toString();
        String to = hour.plus(Duration.ofHours(1)).toString();
        String stats = "/v5/flows/" + flowId + "/stats?from=" + from + "&to=" + to;
        System.out.printf("%n## GET /v5/flows/{id}/stats over %,d logs of one Flow (%,d hours of %,d traces, PostgreSQL,"
                + " %d measured requests each)%n%n", hours * perHour, hours, perHour, MEASURED);
        System.out.println("| request | logs | buckets | p50 ms | p95 ms | max ms | first ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        measure("bucket=day (all of them)", stats + "&bucket=day");
        measure("bucket=hour (all of them)", stats + "&bucket=hour");
    }

    private void measure(String name, String path) throws Exception {
        var timed = Timed.get(api, path, MEASURED);
        JsonNode answer = Json.MAPPER.readTree(timed.last().body());
        System.out.printf("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", name, answer.get("totals").get("logs").longValue(),
                answer.get("series").size(), timed.p50(), timed.p95(), timed.max(), timed.firstMillis());
    }

    /**
     * One trace in {@code hour}; answers the Flow's id. Judgments come from two external Evaluators
     * (a boolean and a number one): posted, nothing runs.
     */
    private String trace(Random random, Instant hour, boolean judged) throws Exception {
        Instant start = hour.plusMillis(random.nextInt(3_590_000));
        long millis = (long) Math.exp(7.5 + random.nextGaussian());
        JsonNode flow = ok(api.post("/v5/flows/log", """
                {"path":"scale/Stats","flow":{"attributes":{"v":1}},"inputs":{"question":"q"},"log_status":"incomplete",
                 "created_at":"%s","start_time":"%s"}""".formatted(start, start)));
        String flowLogId = flow.get("id").stringValue();
        ok(api.post("/v5/prompts/log", """
                {"path":"scale/Answer","prompt":{"model":"gpt-4o"},"inputs":{"q":"q"},"output":"a",
                 "trace_parent_id":"%s","created_at":"%s","start_time":"%s","end_time":"%s","prompt_tokens":%d,
                 "output_tokens":%d,"prompt_cost":%s,"output_cost":%s,"provider_latency":%s%s}""".formatted(flowLogId,
                start, start.plusMillis(5), start.plusMillis(millis / 2), random.nextInt(4000), random.nextInt(800),
                "0.000" + (1000 + random.nextInt(9000)), "0.000" + (1000 + random.nextInt(9000)),
                String.format("%.3f", Math.exp(-0.5 + 0.8 * random.nextGaussian())),
                random.nextInt(30) == 0 ? ",\"error\":\"rate limited\"" : "")));
        ok(api.patch("/v5/flows/logs/" + flowLogId, """
                {"output":"done","end_time":"%s","log_status":"complete"%s}""".formatted(start.plusMillis(millis),
                random.nextInt(30) == 0 ? ",\"error\":\"failed\"" : "")));
        if (judged || random.nextInt(4) == 0) {
            ok(api.post("/v5/evaluators/log", """
                    {"parent_id":"%s","path":"%s","judgment":%s,"spec":{"arguments_type":"target_free",
                     "return_type":"boolean","evaluator_type":"external"}}""".formatted(flowLogId, "scale/Correct",
                    random.nextBoolean())));
            ok(api.post("/v5/evaluators/log", """
                    {"parent_id":"%s","path":"%s","judgment":%s,"spec":{"arguments_type":"target_free",
                     "return_type":"number","evaluator_type":"external"}}""".formatted(flowLogId, "scale/Stars",
                    random.nextInt(51) / 10.0)));
        }
        return flow.get("flow_id").stringValue();
    }

    /** The analytics projection follows writes within moments; a write does not wait for it. */
    private void awaitProjected(String flowId, Instant hour, int traces) throws Exception {
        String path = "/v5/flows/" + flowId + "/stats?from=" + hour + "&to=" + hour.plus(Duration.ofHours(1))
                + "&bucket=hour";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode totals = ok(api.get(path)).get("totals");
            if (totals.get("logs").longValue() == traces && totals.get("status").get("complete").longValue() == traces) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the analytics projection did not reach " + traces + " logs: " + totals);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode ok(Api.Response response) throws Exception {
        ReadAtScale.check(response, 200);
        return Json.MAPPER.readTree(response.body());
    }
}
