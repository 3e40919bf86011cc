package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v5/{flows,prompts,tools}/{id}/stats} against a brute-force computation: a seeded
 * random workload (traces of Flow, Prompt and Tool Logs over three days, PATCHes that change status,
 * errors, times, tokens and created_at, judgments posted, replaced and withdrawn, erasures) goes
 * through the HTTP API; then every surviving log is read back with {@code GET /v5/logs/{id}} and the
 * stats are computed from those logs alone and compared with the endpoint's, per hour, per day, per
 * version and in total. Run on each database.
 */
abstract class StatsApiContract extends ApiContractBase {

    static final Instant DAY0 = Instant.parse("2025-03-01T00:00:00Z");
    static final List<String> TOKENS = List.of("prompt_tokens", "output_tokens", "reasoning_tokens");
    static final List<String> COSTS = List.of("prompt_cost", "output_cost");
    static final double BOUND = 0.01;

    /** The files of one workload and the ids of the logs it wrote (erased ones included). */
    record Workload(String flowId, String promptId, String toolId, Set<String> logs) {
    }

    /** What the brute force keeps of one log, read from the API. */
    record Seen(String kind, String fileId, String versionId, Instant createdAt, String status, boolean error,
                BigDecimal durationMs, BigDecimal latency, Map<String, BigDecimal> rolledUp,
                Map<String, JsonNode> judgments) {
    }

    // ---------------------------------------------------------------- the workload

    JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    static String time(Instant instant) {
        return "\"" + instant + "\"";
    }

    static String decimal(Random random, int scale, int max) {
        return BigDecimal.valueOf(random.nextInt(max * (int) Math.pow(10, scale)), scale).toPlainString();
    }

    Workload workload(long seed, int traces) {
        var random = new Random(seed);
        String w = "stats/" + run + "-" + seed + "/";
        Set<String> logs = new LinkedHashSet<>();
        List<String> judgeable = new ArrayList<>();
        String flowId = null;
        String promptId = null;
        String toolId = null;
        for (int t = 0; t < traces; t++) {
            Instant created = DAY0.plusSeconds(random.nextInt(72 * 3600)).plusMillis(random.nextInt(1000));
            Instant start = created.plusMillis(random.nextInt(5000));
            boolean oneShot = random.nextInt(5) == 0;
            String body = "{\"path\":\"" + w + "Agent\",\"flow\":{\"attributes\":{\"v\":" + (1 + random.nextInt(2))
                    + "}},\"inputs\":{\"t\":" + t + "},\"created_at\":" + time(created) + ",\"start_time\":"
                    + time(start) + (oneShot ? ",\"output\":\"done\",\"end_time\":"
                    + time(start.plusMillis(random.nextInt(100_000))) : ",\"log_status\":\"incomplete\"")
                    + (random.nextInt(6) == 0 ? ",\"error\":\"failed\"" : "") + "}";
            JsonNode root = ok(api.post("/v5/flows/log", body));
            String rootId = root.get("id").stringValue();
            flowId = root.get("flow_id").stringValue();
            logs.add(rootId);
            judgeable.add(rootId);
            if (oneShot) {
                continue;
            }
            List<String[]> children = new ArrayList<>(); // {id, kind, start_time}
            for (int c = 0, n = 1 + random.nextInt(4); c < n; c++) {
                String parent = children.isEmpty() || random.nextBoolean() ? rootId
                        : children.get(random.nextInt(children.size()))[0];
                Instant childCreated = random.nextInt(4) == 0
                        ? DAY0.plusSeconds(random.nextInt(72 * 3600)) : created.plusSeconds(random.nextInt(600));
                Instant childStart = start.plusMillis(random.nextInt(60_000) - 10_000);
                String status = List.of("", ",\"log_status\":\"complete\"", ",\"log_status\":\"incomplete\"")
                        .get(random.nextInt(3));
                String end = random.nextInt(4) == 0 ? ""
                        : ",\"end_time\":" + time(childStart.plusMillis(random.nextInt(30_000)));
                if (random.nextInt(3) > 0) {
                    String prompt = "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"gpt-4o\",\"temperature\":"
                            + (random.nextBoolean() ? "0.5" : "0.7") + "},\"inputs\":{\"c\":" + c + "},\"output\":\"4\","
                            + "\"trace_parent_id\":\"" + parent + "\",\"created_at\":" + time(childCreated)
                            + ",\"start_time\":" + time(childStart) + end + status
                            + (random.nextInt(5) > 0 ? ",\"prompt_tokens\":" + random.nextInt(2000) : "")
                            + (random.nextInt(5) > 0 ? ",\"output_tokens\":" + random.nextInt(500) : "")
                            + (random.nextInt(3) == 0 ? ",\"reasoning_tokens\":" + random.nextInt(100) : "")
                            + (random.nextInt(5) > 0 ? ",\"prompt_cost\":" + decimal(random, 6, 1) : "")
                            + (random.nextInt(5) > 0 ? ",\"output_cost\":" + decimal(random, 5, 1) : "")
                            + (random.nextInt(4) > 0 ? ",\"provider_latency\":" + decimal(random, 3, 20) : "")
                            + (random.nextInt(8) == 0 ? ",\"error\":\"rate limited\"" : "") + "}";
                    JsonNode log = ok(api.post("/v5/prompts/log", prompt));
                    promptId = log.get("prompt_id").stringValue();
                    children.add(new String[] {log.get("id").stringValue(), "prompt", childStart.toString()});
                } else {
                    String tool = "{\"path\":\"" + w + "Calc\",\"tool\":{\"function\":{\"name\":\"calc\",\"description\":\"adds\"}},"
                            + "\"inputs\":{\"a\":" + c + "},\"output\":\"1\",\"trace_parent_id\":\"" + parent + "\","
                            + "\"created_at\":" + time(childCreated) + ",\"start_time\":" + time(childStart) + end
                            + status + "}";
                    JsonNode log = ok(api.post("/v5/tools/log", tool));
                    toolId = log.get("tool_id").stringValue();
                    children.add(new String[] {log.get("id").stringValue(), "tool", childStart.toString()});
                }
                logs.add(children.getLast()[0]);
                judgeable.add(children.getLast()[0]);
            }
            // PATCHes after creation: tokens, latency, errors, times, created_at (another hour), completion
            for (String[] child : children) {
                if (random.nextInt(3) > 0) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                if (child[1].equals("prompt") && random.nextBoolean()) {
                    fields.add("\"prompt_tokens\":" + (random.nextInt(4) == 0 ? "null" : random.nextInt(3000)));
                    fields.add("\"prompt_cost\":" + decimal(random, 4, 1));
                }
                if (random.nextBoolean()) {
                    fields.add("\"provider_latency\":" + (random.nextInt(4) == 0 ? "null" : decimal(random, 2, 9)));
                }
                if (random.nextBoolean()) {
                    fields.add("\"error\":" + (random.nextBoolean() ? "null" : "\"boom\""));
                }
                if (random.nextInt(3) == 0) {
                    fields.add("\"created_at\":" + time(DAY0.plusSeconds(random.nextInt(72 * 3600))));
                }
                if (random.nextInt(3) == 0) {
                    // never before the child's own start: the API refuses an end before the start
                    fields.add("\"end_time\":" + time(Instant.parse(child[2]).plusMillis(random.nextInt(120_000))));
                }
                if (random.nextBoolean()) {
                    fields.add("\"log_status\":\"complete\"");
                }
                if (fields.isEmpty()) {
                    continue;
                }
                String file = child[1].equals("prompt") ? "/v5/prompts/" + promptId : "/v5/tools/" + toolId;
                ok(api.patch(file + "/log/" + child[0], "{" + String.join(",", fields) + "}"));
            }
            int close = random.nextInt(3);
            if (close == 0) {
                ok(api.patch("/v5/flows/logs/" + rootId, "{\"output\":\"hi\",\"log_status\":\"complete\"}"));
            } else if (close == 1) {
                ok(api.patch("/v5/flows/logs/" + rootId, "{\"error\":\"gave up\"}"));
            }
        }
        judge(random, w, judgeable);
        // erasures: a whole trace, single children, and (through them) their judgments
        for (int e = 0; e < 3; e++) {
            String victim = judgeable.get(random.nextInt(judgeable.size()));
            var erased = api.send("DELETE", "/v5/logs?id=" + victim, null, Api.KEY);
            assertThat(erased.status()).as(erased.body()).isIn(204, 404);
        }
        return new Workload(flowId, promptId, toolId, logs);
    }

    /** Judgments of four return types: posted, replaced by newer ones, withdrawn with null. */
    void judge(Random random, String w, List<String> judgeable) {
        Map<String, String> specs = new LinkedHashMap<>();
        specs.put("Correct", "{\"arguments_type\":\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":\"external\"}");
        specs.put("Stars", "{\"arguments_type\":\"target_free\",\"return_type\":\"number\",\"evaluator_type\":\"human\","
                + "\"number_limits\":{\"min\":0,\"max\":5}}");
        specs.put("Rating", "{\"arguments_type\":\"target_free\",\"return_type\":\"select\",\"evaluator_type\":\"external\","
                + "\"options\":[{\"name\":\"good\"},{\"name\":\"bad\"}]}");
        specs.put("Issues", "{\"arguments_type\":\"target_free\",\"return_type\":\"multi_select\",\"evaluator_type\":"
                + "\"human\",\"options\":[{\"name\":\"slow\"},{\"name\":\"wrong\"},{\"name\":\"rude\"}]}");
        Map<String, String> versions = new LinkedHashMap<>();
        for (int j = 0; j < judgeable.size() * 2; j++) {
            String log = judgeable.get(random.nextInt(judgeable.size()));
            String name = List.copyOf(specs.keySet()).get(random.nextInt(specs.size()));
            String judgment = random.nextInt(6) == 0 ? "null" : switch (name) {
                case "Correct" -> String.valueOf(random.nextBoolean());
                case "Stars" -> decimal(random, 1, 5);
                case "Rating" -> random.nextBoolean() ? "\"good\"" : "\"bad\"";
                default -> List.of("[]", "[\"slow\"]", "[\"wrong\",\"rude\"]", "[\"slow\",\"wrong\",\"rude\"]")
                        .get(random.nextInt(4));
            };
            String version = versions.get(name);
            String path = version == null ? "/v5/evaluators/log" : "/v5/evaluators/log?version_id=" + version;
            String body = "{\"parent_id\":\"" + log + "\",\"judgment\":" + judgment
                    + (version == null ? ",\"path\":\"" + w + name + "\",\"spec\":" + specs.get(name) : "") + "}";
            versions.put(name, ok(api.post(path, body)).get("version_id").stringValue());
        }
    }

    // ---------------------------------------------------------------- the brute force

    /** Every surviving log of the workload, as the API reads it. */
    List<Seen> readBack(Workload workload) {
        List<Seen> seen = new ArrayList<>();
        for (String id : workload.logs()) {
            var response = api.get("/v5/logs/" + Api.segment(id));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            if (erased(response.json())) {
                continue; // a tombstone: erased logs leave the stats
            }
            seen.add(seen(response.json()));
        }
        return seen;
    }

    static Seen seen(JsonNode log) {
        String kind = log.has("flow") ? "flow" : log.has("prompt") ? "prompt" : "tool";
        JsonNode file = log.get(kind);
        Instant start = instant(log.get("start_time"));
        Instant end = instant(log.get("end_time"));
        BigDecimal duration = start == null || end == null ? null : millis(Duration.between(start, end));
        Map<String, BigDecimal> rolledUp = new TreeMap<>();
        addTokens(log, rolledUp);
        Map<String, JsonNode> judgments = new LinkedHashMap<>();
        for (JsonNode judgment : log.get("evaluator_logs")) { // oldest first: the newest of a version wins
            if (erased(judgment)) {
                continue;
            }
            judgments.put(judgment.get("evaluator").get("version_id").stringValue() + " "
                    + judgment.get("evaluator").get("id").stringValue(), judgment.get("judgment"));
        }
        judgments.values().removeIf(JsonNode::isNull);
        String status = log.get("log_status").isNull() ? "unspecified" : log.get("log_status").stringValue();
        return new Seen(kind, file.get("id").stringValue(), file.get("version_id").stringValue(),
                instant(log.get("created_at")), status, !log.get("error").isNull(), duration,
                log.get("provider_latency").isNull() ? null : log.get("provider_latency").decimalValue(), rolledUp,
                judgments);
    }

    static boolean erased(JsonNode log) {
        return log.path("erased").asBoolean(false);
    }

    /** A log's own tokens and costs plus those of all its trace descendants (erased ones leave the stats). */
    static void addTokens(JsonNode log, Map<String, BigDecimal> sums) {
        if (erased(log)) {
            return;
        }
        for (String field : concat(TOKENS, COSTS)) {
            JsonNode value = log.get(field);
            if (value != null && !value.isNull()) {
                sums.merge(field, value.decimalValue(), BigDecimal::add);
            }
        }
        JsonNode children = log.get("trace_children");
        if (children != null && children.isArray()) {
            children.forEach(child -> addTokens(child, sums));
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static BigDecimal millis(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).multiply(BigDecimal.valueOf(1000))
                .add(BigDecimal.valueOf(duration.getNano(), 6));
    }

    static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.stringValue());
    }

    /** Compares one stats object of the endpoint with the logs it should sum up. */
    static void assertStats(JsonNode actual, List<Seen> logs, String what) {
        assertThat(actual.get("logs").asLong()).as(what + ": logs").isEqualTo(logs.size());
        for (String status : List.of("complete", "incomplete", "unspecified")) {
            assertThat(actual.get("status").get(status).asLong()).as(what + ": " + status)
                    .isEqualTo(logs.stream().filter(l -> l.status().equals(status)).count());
        }
        long errors = logs.stream().filter(Seen::error).count();
        assertThat(actual.get("errors").asLong()).as(what + ": errors").isEqualTo(errors);
        if (logs.isEmpty()) {
            assertThat(actual.get("error_rate").isNull()).as(what).isTrue();
        } else {
            assertThat(actual.get("error_rate").asDouble()).as(what + ": error rate")
                    .isCloseTo(errors / (double) logs.size(), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertSeries(actual.get("duration_ms"), logs.stream().map(Seen::durationMs).filter(d -> d != null).toList(),
                what + ": duration");
        assertSeries(actual.get("provider_latency_s"), logs.stream().map(Seen::latency).filter(d -> d != null)
                .toList(), what + ": latency");
        for (String field : concat(TOKENS, COSTS)) {
            String group = field.endsWith("_cost") ? "cost" : "tokens";
            String name = field.substring(0, field.indexOf('_'));
            BigDecimal expected = logs.stream().map(l -> l.rolledUp().getOrDefault(field, BigDecimal.ZERO))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(actual.get(group).get(name).decimalValue()).as(what + ": " + field).isEqualByComparingTo(expected);
        }
        // evaluators: by version
        Map<String, List<JsonNode>> judged = new TreeMap<>();
        logs.forEach(l -> l.judgments().forEach((version, judgment) -> judged
                .computeIfAbsent(version.split(" ")[0], v -> new ArrayList<>()).add(judgment)));
        Map<String, JsonNode> evaluators = new TreeMap<>();
        actual.get("evaluators").forEach(e -> evaluators.put(e.get("evaluator_version_id").stringValue(), e));
        assertThat(evaluators.keySet()).as(what + ": evaluator versions").isEqualTo(judged.keySet());
        judged.forEach((version, judgments) -> {
            JsonNode e = evaluators.get(version);
            String label = what + ": evaluator " + version;
            assertThat(e.get("count").asLong()).as(label).isEqualTo(judgments.size());
            switch (e.get("return_type").stringValue()) {
                case "boolean" -> {
                    long trues = judgments.stream().filter(JsonNode::booleanValue).count();
                    assertThat(e.get("true_count").asLong()).as(label).isEqualTo(trues);
                    assertThat(e.get("true_rate").asDouble()).as(label).isCloseTo(trues / (double) judgments.size(),
                            org.assertj.core.data.Offset.offset(1e-12));
                }
                case "number" -> assertSeries(e, judgments.stream().map(JsonNode::decimalValue).toList(), label);
                case "select", "multi_select" -> {
                    Map<String, Long> options = new TreeMap<>();
                    judgments.forEach(j -> (j.isArray() ? j.valueStream().toList() : List.of(j))
                            .forEach(o -> options.merge(o.stringValue(), 1L, Long::sum)));
                    Map<String, Long> counted = new TreeMap<>();
                    e.get("options").properties().forEach(p -> counted.put(p.getKey(), p.getValue().asLong()));
                    assertThat(counted).as(label).isEqualTo(options);
                }
                default -> throw new AssertionError(label + ": unexpected type " + e);
            }
        });
    }

    /** Count and sum exact, mean to double precision, percentiles within the documented relative error. */
    static void assertSeries(JsonNode actual, List<BigDecimal> values, String what) {
        assertThat(actual.get("count").asLong()).as(what + ": count").isEqualTo(values.size());
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(actual.get("sum").decimalValue()).as(what + ": sum").isEqualByComparingTo(sum);
        if (values.isEmpty()) {
            assertThat(actual.get("mean").isNull()).as(what).isTrue();
            assertThat(actual.get("p50").isNull()).as(what).isTrue();
            return;
        }
        double mean = sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL64).doubleValue();
        assertThat(actual.get("mean").asDouble()).as(what + ": mean")
                .isCloseTo(mean, org.assertj.core.data.Offset.offset(Math.abs(mean) * 1e-12 + 1e-12));
        List<BigDecimal> sorted = values.stream().sorted().toList();
        for (var q : Map.of("p50", 0.5, "p95", 0.95, "p99", 0.99).entrySet()) {
            int rank = (int) Math.max(1, Math.ceil(q.getValue() * sorted.size()));
            double exact = sorted.get(rank - 1).doubleValue();
            double estimate = actual.get(q.getKey()).asDouble();
            assertThat(Math.abs(estimate - exact)).as(what + ": " + q.getKey() + " " + estimate + " of " + exact)
                    .isLessThanOrEqualTo(BOUND * Math.abs(exact) * (1 + 1e-9));
        }
    }

    /** The endpoint's stats of a file over the workload's three days compared with the brute force. */
    void assertEndpointMatches(String files, String fileId, List<Seen> all, String bucket, String versionId) {
        String kind = files.substring(0, files.length() - 1);
        Predicate<Seen> ofFile = l -> l.kind().equals(kind) && l.fileId().equals(fileId)
                && (versionId == null || l.versionId().equals(versionId));
        Instant to = DAY0.plus(Duration.ofDays(3));
        // the stats count the logs created in [from, to): a child created minutes after a root near the
        // window's end falls outside it
        List<Seen> logs = all.stream().filter(ofFile)
                .filter(l -> !l.createdAt().isBefore(DAY0) && l.createdAt().isBefore(to)).toList();
        var response = api.get("/v5/" + files + "/" + fileId + "/stats?from=" + DAY0 + "&to=" + to + "&bucket=" + bucket
                + (versionId == null ? "" : "&version_id=" + versionId));
        JsonNode stats = ok(response);
        String what = files + " " + bucket + (versionId == null ? "" : " " + versionId);
        assertThat(stats.get("id").stringValue()).isEqualTo(fileId);
        assertThat(stats.get("from").stringValue()).isEqualTo(DAY0.toString());
        assertThat(stats.get("to").stringValue()).isEqualTo(to.toString());
        assertStats(stats.get("totals"), logs, what + " totals");
        ChronoUnit unit = bucket.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        JsonNode series = stats.get("series");
        assertThat(series.size()).isEqualTo(bucket.equals("hour") ? 72 : 3);
        for (JsonNode b : series) {
            Instant start = Instant.parse(b.get("start").stringValue());
            assertStats(b, logs.stream().filter(l -> l.createdAt().truncatedTo(unit).equals(start)).toList(),
                    what + " " + start);
        }
        Map<String, List<Seen>> byVersion = new TreeMap<>();
        logs.forEach(l -> byVersion.computeIfAbsent(l.versionId(), v -> new ArrayList<>()).add(l));
        List<String> versions = new ArrayList<>();
        stats.get("versions").forEach(v -> {
            versions.add(v.get("version_id").stringValue());
            assertStats(v, byVersion.getOrDefault(v.get("version_id").stringValue(), List.of()),
                    what + " version " + v.get("version_id").stringValue());
        });
        assertThat(versions).as(what + ": versions").containsExactlyElementsOf(byVersion.keySet());
    }

    void assertAllMatch(Workload workload, List<Seen> seen) {
        for (String bucket : List.of("hour", "day")) {
            assertEndpointMatches("flows", workload.flowId(), seen, bucket, null);
            assertEndpointMatches("prompts", workload.promptId(), seen, bucket, null);
            assertEndpointMatches("tools", workload.toolId(), seen, bucket, null);
        }
        String someVersion = seen.stream().filter(l -> l.kind().equals("flow")).findFirst().orElseThrow().versionId();
        assertEndpointMatches("flows", workload.flowId(), seen, "day", someVersion);
    }

    /** Waits until the analytics projection has processed every stored event. */
    void awaitAnalytics() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode status = ok(api.get("/v5/admin/replay"));
            JsonNode analytics = status.get("projections").valueStream()
                    .filter(p -> p.get("name").stringValue().equals("analytics")).findFirst().orElseThrow();
            if (!status.get("state").stringValue().equals("running")
                    && analytics.get("position").asLong() >= analytics.get("head").asLong()) {
                return;
            }
            assertThat(System.nanoTime()).as("analytics catch up").isLessThan(deadline);
            ReplayApiContract.sleep(50);
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void statsEqualABruteForceComputationOverRandomWorkloads() {
        for (long seed : new long[] {7, 1234}) {
            Workload workload = workload(seed + run.hashCode(), 14);
            awaitAnalytics();
            List<Seen> seen = readBack(workload);
            assertThat(seen).as("the workload has logs of every kind left")
                    .anyMatch(l -> l.kind().equals("prompt")).anyMatch(l -> l.kind().equals("tool"));
            assertAllMatch(workload, seen);
        }
    }

    @Test
    void aReplayRebuildsTheSameStats() {
        Workload workload = workload(run.hashCode(), 10);
        awaitAnalytics();
        List<String> urls = new ArrayList<>();
        for (String bucket : List.of("hour", "day")) {
            urls.add("/v5/flows/" + workload.flowId() + "/stats?from=2025-03-01&to=2025-03-04&bucket=" + bucket);
            urls.add("/v5/prompts/" + workload.promptId() + "/stats?from=2025-03-01&to=2025-03-04&bucket=" + bucket);
            urls.add("/v5/tools/" + workload.toolId() + "/stats?from=2025-03-01&to=2025-03-04&bucket=" + bucket);
        }
        Map<String, String> before = new LinkedHashMap<>();
        urls.forEach(url -> before.put(url, ok(api.get(url)).toString()));

        var started = api.post("/v5/admin/replay?projection=analytics", null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("replayed").toString()).isEqualTo("[\"analytics\"]");
        awaitAnalytics();
        urls.forEach(url -> assertThat(ok(api.get(url)).toString()).as(url).isEqualTo(before.get(url)));
        assertAllMatch(workload, readBack(workload));
    }

    @Test
    void aLogsContributionFollowsItsChangesAndLeavesWithIt() {
        String w = "follow/" + run + "/";
        JsonNode root = ok(api.post("/v5/flows/log", "{\"path\":\"" + w + "Agent\",\"inputs\":{},\"log_status\":"
                + "\"incomplete\",\"created_at\":\"2025-03-01T10:15:00Z\",\"start_time\":\"2025-03-01T10:15:00Z\"}"));
        String rootId = root.get("id").stringValue();
        String flowId = root.get("flow_id").stringValue();
        JsonNode prompt = ok(api.post("/v5/prompts/log", "{\"path\":\"" + w + "Answer\",\"prompt\":{\"model\":\"m\"},"
                + "\"trace_parent_id\":\"" + rootId + "\",\"created_at\":\"2025-03-01T10:20:00Z\",\"prompt_tokens\":10,"
                + "\"prompt_cost\":0.5,\"start_time\":\"2025-03-01T10:15:01Z\",\"end_time\":\"2025-03-01T10:15:03Z\"}"));
        String promptId = prompt.get("prompt_id").stringValue();
        String url = "/v5/flows/" + flowId + "/stats?from=2025-03-01T10:00:00Z&to=2025-03-01T12:00:00Z&bucket=hour";
        awaitAnalytics();
        JsonNode stats = ok(api.get(url));
        assertThat(stats.get("totals").get("logs").asLong()).isEqualTo(1);
        assertThat(stats.get("totals").get("status").get("incomplete").asLong()).isEqualTo(1);
        assertThat(stats.get("totals").get("tokens").get("prompt").asLong()).as("rolled up from the child").isEqualTo(10);
        assertThat(stats.get("totals").get("duration_ms").get("sum").asLong()).as("widened by the child").isEqualTo(3000);

        String prompts = "/v5/prompts/" + promptId + "/stats?from=2025-03-01T10:00:00Z&to=2025-03-01T12:00:00Z"
                + "&bucket=hour";
        assertThat(ok(api.get(prompts)).get("series").get(0).get("logs").asLong()).isEqualTo(1);
        ok(api.patch("/v5/prompts/" + promptId + "/log/" + prompt.get("id").stringValue(), "{\"prompt_tokens\":25,"
                + "\"created_at\":\"2025-03-01T11:30:00Z\",\"end_time\":\"2025-03-01T10:15:05Z\"}"));
        ok(api.patch("/v5/flows/logs/" + rootId, "{\"error\":\"x\"}"));
        awaitAnalytics();
        stats = ok(api.get(url));
        assertThat(stats.get("totals").get("tokens").get("prompt").asLong()).isEqualTo(25);
        assertThat(stats.get("totals").get("errors").asLong()).isEqualTo(1);
        assertThat(stats.get("totals").get("duration_ms").get("sum").asLong()).as("widened again").isEqualTo(5000);
        JsonNode promptStats = ok(api.get(prompts));
        assertThat(promptStats.get("series").get(0).get("logs").asLong()).as("moved out of 10:00").isZero();
        assertThat(promptStats.get("series").get(1).get("logs").asLong()).as("into 11:00").isEqualTo(1);
        assertThat(promptStats.get("series").get(1).get("duration_ms").get("p50").asDouble()).isCloseTo(4000,
                org.assertj.core.data.Offset.offset(40.0));

        String judgment = ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"" + rootId + "\",\"path\":\"" + w
                + "Ok\",\"spec\":{\"arguments_type\":\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":"
                + "\"human\"},\"judgment\":true}")).get("version_id").stringValue();
        awaitAnalytics();
        assertThat(ok(api.get(url)).get("totals").get("evaluators").get(0).get("true_count").asLong()).isEqualTo(1);
        ok(api.post("/v5/evaluators/log?version_id=" + judgment, "{\"parent_id\":\"" + rootId + "\",\"judgment\":null}"));
        awaitAnalytics();
        assertThat(ok(api.get(url)).get("totals").get("evaluators").size()).as("withdrawn").isZero();

        var erased = api.send("DELETE", "/v5/logs?id=" + prompt.get("id").stringValue(), null, Api.KEY);
        assertThat(erased.status()).isEqualTo(204);
        awaitAnalytics();
        stats = ok(api.get(url));
        assertThat(stats.get("totals").get("tokens").get("prompt").asLong()).as("the erased child's share").isZero();
        assertThat(stats.get("totals").get("cost").get("total").decimalValue()).isEqualByComparingTo("0");
        erased = api.send("DELETE", "/v5/logs?id=" + rootId, null, Api.KEY);
        assertThat(erased.status()).isEqualTo(204);
        awaitAnalytics();
        stats = ok(api.get(url));
        assertThat(stats.get("totals").get("logs").asLong()).isZero();
        assertThat(stats.get("versions").size()).isZero();
    }

    @Test
    void badQueriesAre422AndUnknownFiles404() {
        JsonNode root = ok(api.post("/v5/flows/log", "{\"path\":\"bad/" + run + "/Agent\",\"inputs\":{},\"output\":\"o\"}"));
        String flowId = root.get("flow_id").stringValue();
        awaitAnalytics();
        String base = "/v5/flows/" + flowId + "/stats";
        JsonNode defaults = ok(api.get(base));
        assertThat(defaults.get("bucket").stringValue()).isEqualTo("day");
        assertThat(defaults.get("series").size()).isEqualTo(30);
        assertThat(defaults.get("totals").get("logs").asLong()).as("logged just now").isEqualTo(1);
        assertThat(ok(api.get(base + "?bucket=hour")).get("series").size()).isEqualTo(24);
        for (String query : List.of("?bucket=week", "?from=yesterday", "?to=2025-13-01",
                "?from=2025-03-02&to=2025-03-01", "?from=2025-03-01&to=2025-03-01",
                "?from=2020-01-01&to=2025-01-01&bucket=hour", "?from=2020-01-01&to=2025-01-01",
                "?from=-999999999-01-01T00:00:00Z", "?to=%2B999999999-12-31T23:59:59Z")) {
            var response = api.get(base + query);
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(422);
            assertThat(response.json().get("detail").get(0).get("loc").get(0).stringValue()).isEqualTo("query");
        }
        assertThat(api.get("/v5/flows/nope/stats").status()).isEqualTo(404);
        assertThat(api.get("/v5/prompts/" + flowId + "/stats").status()).as("a Flow is no Prompt").isEqualTo(404);
        assertThat(api.get("/v5/evaluators/" + flowId + "/stats").status()).as("Evaluators have no stats: no such route")
                .isEqualTo(404);
        assertThat(api.send("GET", base, (String) null, null).status()).isEqualTo(401);
    }
}
