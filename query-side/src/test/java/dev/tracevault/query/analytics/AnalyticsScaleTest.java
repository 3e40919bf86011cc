package dev.tracevault.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.queries.FindFileStats;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The stats query at scale on PostgreSQL: the hourly rows that {@code -Danalytics.scale=N} logs of
 * one Flow over 30 days (two versions, realistic durations, latencies, tokens, costs and judgments)
 * project to, built with the projection's own contribution code and stored in a scratch database,
 * then the 30-day, day-bucket stats answered 20 times. A measurement, not a timed test: it checks
 * the answers and prints the times, which docs/performance.md reports ("Analytics at scale"). Off by default (it takes a minute); run with
 * {@code mvn test -pl shared-events,query-side -Dtest=AnalyticsScaleTest -Danalytics.scale=1000000}.
 */
@EnabledIfSystemProperty(named = "analytics.scale", matches = "\\d+")
class AnalyticsScaleTest {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final Instant DAY0 = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void statsOverManyLogsOfOneFile() throws Exception {
        int logs = Integer.parseInt(System.getProperty("analytics.scale"));
        String db = "tv_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("create database " + db);
        try {
            var dataSource = new DriverManagerDataSource(ADMIN_URL.replace("/postgres", "/" + db), "postgres", "");
            Flyway.configure().dataSource(dataSource).locations("filesystem:../server/src/main/resources/db/migration")
                    .placeholders(Map.of("lob_type", "bytea", "text_type", "text", "pg_only", "")).load().migrate();
            var jdbc = new JdbcTemplate(dataSource);
            var store = new AnalyticsStore(jdbc);
            store.file("fl_big", "flow");

            long built = System.nanoTime();
            Map<String, Rollup> hours = new HashMap<>();
            var random = new Random(42);
            for (int i = 0; i < logs; i++) {
                var facts = new LogFacts();
                facts.logId = "log_" + i;
                facts.kind = "flow";
                facts.fileId = "fl_big";
                facts.versionId = random.nextInt(3) == 0 ? "flv_1" : "flv_2";
                facts.loggedAt = DAY0.plusSeconds(random.nextInt(30 * 24 * 3600));
                facts.createdAt = facts.loggedAt;
                facts.start = facts.loggedAt;
                facts.end = facts.start.plusMillis((long) Math.exp(7.5 + random.nextGaussian()));
                facts.status = random.nextInt(50) == 0 ? "incomplete" : "complete";
                facts.error = random.nextInt(30) == 0;
                facts.latency = BigDecimal.valueOf((long) (Math.exp(6.5 + 0.8 * random.nextGaussian())), 3);
                facts.descendants.put("prompt_tokens", BigDecimal.valueOf(random.nextInt(4000)));
                facts.descendants.put("output_tokens", BigDecimal.valueOf(random.nextInt(800)));
                facts.descendants.put("prompt_cost", BigDecimal.valueOf(random.nextInt(40000), 7));
                facts.descendants.put("output_cost", BigDecimal.valueOf(random.nextInt(30000), 7));
                if (random.nextInt(4) == 0) {
                    facts.addJudgment(judgment(i, "ev_ok", "evv_ok", "boolean", random.nextBoolean(), facts));
                    facts.addJudgment(judgment(i, "ev_stars", "evv_stars", "number",
                            BigDecimal.valueOf(random.nextInt(51), 1), facts));
                }
                String key = facts.versionId + " " + facts.hour();
                hours.computeIfAbsent(key, k -> new Rollup()).add(facts.contribution(), 1);
            }
            List<AnalyticsStore.Hour> rows = new ArrayList<>();
            hours.forEach((key, rollup) -> rows.add(new AnalyticsStore.Hour("fl_big",
                    Instant.parse(key.split(" ")[1]), key.split(" ")[0], rollup)));
            rows.forEach(store::insertHour);
            jdbc.execute("analyze analytics_hour");
            System.out.printf("%d logs -> %d hourly rows (%d kB of JSON) in %d ms%n", logs, rows.size(),
                    jdbc.queryForObject("select sum(length(body)) from analytics_hour", Long.class) / 1024,
                    (System.nanoTime() - built) / 1_000_000);
            jdbc.queryForList("explain analyze select file_id, hour_start, version_id, body from analytics_hour"
                            + " where file_id = 'fl_big' and hour_start >= timestamptz '2025-03-01T00:00:00Z'"
                            + " and hour_start < timestamptz '2025-03-31T00:00:00Z'", String.class)
                    .forEach(System.out::println);

            var report = new StatsReport(store);
            var query = new FindFileStats("fl_big", "flow", null, DAY0, DAY0.plusSeconds(30 * 24 * 3600), "day");
            List<Long> millis = new ArrayList<>();
            String answer = null;
            for (int run = 0; run < 20; run++) {
                long start = System.nanoTime();
                answer = report.render(query);
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            List<Long> reads = new ArrayList<>();
            for (int run = 0; run < 10; run++) {
                long start = System.nanoTime();
                store.hours("fl_big", null, query.from(), query.to());
                reads.add((System.nanoTime() - start) / 1_000_000);
            }
            System.out.println("reading and parsing the rows alone (ms): " + reads);
            assertThat(answer).contains("\"logs\":" + logs + ",");
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("stats of %d logs, 30 day buckets: median %d ms, max %d ms (first %d ms)%n", logs,
                    sorted.get(sorted.size() / 2), sorted.getLast(), millis.getFirst());
        } finally {
            execute("drop database if exists " + db + " with (force)");
        }
    }

    /** How fast the projection itself goes: traces of a Flow Log with two Prompt Logs, 200 events a batch. */
    @Test
    void projectionRate() throws Exception {
        int traces = Math.max(1, Integer.parseInt(System.getProperty("analytics.scale")) / 100);
        String db = "tv_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("create database " + db);
        try {
            // one connection, one transaction per batch: as the processor runs
            var dataSource = new SingleConnectionDataSource(ADMIN_URL.replace("/postgres", "/" + db), "postgres", "",
                    true);
            Flyway.configure().dataSource(dataSource).locations("filesystem:../server/src/main/resources/db/migration")
                    .placeholders(Map.of("lob_type", "bytea", "text_type", "text", "pg_only", "")).load().migrate();
            var transactions = new DataSourceTransactionManager(dataSource);
            var store = new AnalyticsStore(new JdbcTemplate(dataSource));
            var projection = new AnalyticsProjection(store, new StatsReport(store));
            store.file("fl_1", "flow");
            List<Runnable> events = new ArrayList<>();
            var random = new Random(1);
            for (int t = 0; t < traces; t++) {
                String root = "r" + t;
                Instant at = DAY0.plusSeconds(random.nextInt(30 * 24 * 3600));
                var trace = new dev.tracevault.events.log.TraceRef(root, "fl_1");
                events.add(() -> projection.on(new dev.tracevault.events.flowlog.FlowLogCreated(root, "fl_1", "flv_1",
                        fields(null, at, null), null, null, null, trace, false, "d", at)));
                for (int c = 0; c < 2; c++) {
                    String child = root + "-" + c;
                    events.add(() -> projection.on(new dev.tracevault.events.promptlog.PromptLogCreated(child, "pr_1",
                            "prv_1", fields(root, at.plusMillis(10), at.plusMillis(900)), null, null,
                            Map.of("prompt_tokens", 100, "prompt_cost", new BigDecimal("0.001")), null, "complete",
                            trace, false, "d", at)));
                }
                events.add(() -> projection.on(new dev.tracevault.events.log.LogCompleted(root, at.plusSeconds(1))));
            }
            long start = System.nanoTime();
            for (int from = 0; from < events.size(); from += 200) {
                var transaction = transactions.getTransaction(new DefaultTransactionDefinition());
                var unit = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
                events.subList(from, Math.min(events.size(), from + 200)).forEach(Runnable::run);
                unit.commit();
                transactions.commit(transaction);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("projected %d events (%d traces) in %d ms: %d events/s%n", events.size(), traces, millis,
                    events.size() * 1000L / Math.max(1, millis));
            String answer = projection.handle(new FindFileStats("fl_1", "flow", null, DAY0, DAY0.plusSeconds(
                    30 * 24 * 3600), "day")).json();
            assertThat(answer).contains("\"logs\":" + traces + ",");
        } finally {
            execute("drop database if exists " + db + " with (force)");
        }
    }

    private static dev.tracevault.events.log.CommonLogFields fields(String parent, Instant start, Instant end) {
        return new dev.tracevault.events.log.CommonLogFields(start, end, null, null, null, null, null, null, null,
                Map.of(), null, null, null, parent, null, null, null);
    }

    private static LogFacts.Judgment judgment(int i, String evaluator, String version, String type, Object value,
                                              LogFacts facts) {
        var judgment = new LogFacts.Judgment();
        judgment.logId = "ev_" + evaluator + "_" + i;
        judgment.evaluatorId = evaluator;
        judgment.versionId = version;
        judgment.returnType = type;
        judgment.value = value;
        judgment.loggedAt = facts.loggedAt;
        return judgment;
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
            c.createStatement().execute(sql);
        }
    }
}
