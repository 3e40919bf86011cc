package dev.tracevault.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v5/logs} over a File with many logs, on PostgreSQL, over HTTP: the figures issue #7
 * asks for (a page of 50 with any single filter under 100 ms, a text search under 500 ms).
 *
 * <p>Logging a million logs through the API would take this machine over an hour, so the logs are
 * seeded: one real Flow Log is written through the API, and its read-model row ({@code
 * log_document}, as the projection wrote it) is copied N times in SQL with new ids, creation times,
 * search and metadata texts (the body's question text replaced to match). The server's own query
 * code, indexes and rendering then answer every request. Each seeded log is judged by a seeded
 * Evaluator Log (a copy of one real judgment of the template), so a page of the Flow carries its
 * judgments, and the Evaluator's own N logs are listed with {@code include_parent}. Then
 * {@link StatsAtScale} times the stats endpoint over the rollups of N logs.
 *
 * <pre>java -jar benchmark/target/benchmark.jar listing-at-scale [--logs N] [--stats-per-hour N] [--server-jar F] [--keep] [--no-stats]</pre>
 */
public final class ReadAtScale {

    private static final int MEASURED = 15;

    private ReadAtScale() {
    }

    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        long logs = list.contains("--logs") ? Long.parseLong(list.get(list.indexOf("--logs") + 1)) : 1_000_000L;
        Path jar = Path.of(list.contains("--server-jar") ? list.get(list.indexOf("--server-jar") + 1)
                : "server/target/tracevault.jar");
        boolean keep = list.contains("--keep");
        int statsPerHour = list.contains("--stats-per-hour")
                ? Integer.parseInt(list.get(list.indexOf("--stats-per-hour") + 1)) : 1000;
        String javaHome = System.getenv().getOrDefault("JAVA_HOME", System.getProperty("java.home"));
        Path workDir = Files.createTempDirectory("tracevault-scale-");
        String apiKey = "scale-" + UUID.randomUUID();

        var target = new PostgresTarget("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", workDir);
        target.create();
        Map<String, String> env = new HashMap<>(target.serverEnvironment());
        env.put("TRACEVAULT_API_KEY", apiKey);
        var server = new ServerProcess(Path.of(javaHome, "bin", "java"), jar, target.serverJvmOptions(), env,
                workDir.resolve("server.log"));
        try {
            var api = new Api(server.port(), apiKey);
            server.launch();
            server.awaitReady(api, Duration.ofMinutes(3));
            System.err.println("server ready; log " + server.log());

            Api.Response created = api.post("/v5/flows/log", """
                    {"path":"scale/Flow","flow":{"attributes":{"v":1}},"inputs":{"question":"QUESTION_TEMPLATE"},
                     "output":"an answer","metadata":{"team":"t0"},"log_status":"complete"}""");
            check(created, 200);
            String templateId = Json.MAPPER.readTree(created.body()).get("id").stringValue();
            Api.Response template = api.get("/v5/logs/" + templateId);
            check(template, 200);
            JsonNode log = Json.MAPPER.readTree(template.body());
            String fileId = log.get("flow").get("id").stringValue();
            String versionId = log.get("flow").get("version_id").stringValue();
            Api.Response judged = api.post("/v5/evaluators/log", """
                    {"parent_id":"%s","path":"scale/Judge","judgment":true,"spec":{"arguments_type":"target_free",
                     "return_type":"boolean","evaluator_type":"external"}}""".formatted(templateId));
            check(judged, 200);
            String judgmentId = Json.MAPPER.readTree(judged.body()).get("id").stringValue();
            Api.Response judgment = api.get("/v5/logs/" + judgmentId);
            check(judgment, 200);
            String evaluatorId = Json.MAPPER.readTree(judgment.body()).get("evaluator").get("id").stringValue();

            long t0 = System.nanoTime();
            try (Connection c = target.connect()) {
                c.setAutoCommit(true);
                try (PreparedStatement insert = c.prepareStatement("""
                        insert into log_document (log_id, kind, file_id, version_id, trace_id, trace_parent_id,
                            last_sequence, body, start_time, end_time, logged_at, judged_log_id, judged_trace_id,
                            created_at, search_text, metadata_text, log_status, has_error, erased, tokens, cost)
                        select 'scale_' || i, d.kind, d.file_id, d.version_id, case when i % 10 = 0 then ? else null end,
                               case when i % 10 = 0 then ? else null end, d.last_sequence,
                               replace(replace(d.body, ?, '"scale_' || i || '"'), 'QUESTION_TEMPLATE', 'q ' || md5(i::text)),
                               now() - (? - i) * interval '1 second',
                               case when i % 20 = 0 then null
                                    else now() - (? - i) * interval '1 second' + ((i * 37) % 60000) * interval '1 millisecond' end,
                               now() - (? - i) * interval '1 second', null, null,
                               now() - (? - i) * interval '1 second',
                               'question' || chr(10) || 'q ' || md5(i::text) || chr(10) || 'an answer',
                               '{"team":"t' || (i % 50) || '"}',
                               case when i % 20 = 0 then 'incomplete' else d.log_status end, i % 50 = 7, d.erased,
                               case when i % 10 = 3 then null else (i * 7919) % 5000 end,
                               case when i % 10 = 3 then null else ((i * 104729) % 100000) / 1000000.0 end
                        from log_document d, generate_series(1, ?) as i where d.log_id = ?""")) {
                    insert.setString(1, templateId); // every tenth log is a child in the template's trace
                    insert.setString(2, templateId);
                    insert.setString(3, "\"" + templateId + "\"");
                    for (int p = 4; p <= 7; p++) {
                        insert.setLong(p, logs);
                    }
                    insert.setLong(8, logs);
                    insert.setString(9, templateId);
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement("""
                        insert into log_document (log_id, kind, file_id, version_id, trace_id, trace_parent_id,
                            last_sequence, body, start_time, end_time, logged_at, judged_log_id, judged_trace_id,
                            created_at, search_text, metadata_text, log_status, has_error, erased, tokens, cost,
                            judgment)
                        select 'scale_ev_' || i, d.kind, d.file_id, d.version_id, d.trace_id, d.trace_parent_id,
                               d.last_sequence,
                               replace(replace(case when i % 4 = 0 then replace(d.body, '"judgment":true',
                                   '"judgment":false') else d.body end, ?, '"scale_ev_' || i || '"'), ?,
                                   '"scale_' || i || '"'),
                               now() - (? - i) * interval '1 second', now() - (? - i) * interval '1 second',
                               now() - (? - i) * interval '1 second', 'scale_' || i,
                               case when i % 10 = 0 then ? else null end,
                               now() - (? - i) * interval '1 second', d.search_text, d.metadata_text,
                               d.log_status, d.has_error, d.erased, d.tokens, d.cost,
                               case when i % 4 = 0 then 'false' else 'true' end
                        from log_document d, generate_series(1, ?) as i where d.log_id = ?""")) {
                    insert.setString(1, "\"" + judgmentId + "\"");
                    insert.setString(2, "\"" + templateId + "\"");
                    for (int p = 3; p <= 5; p++) {
                        insert.setLong(p, logs);
                    }
                    insert.setString(6, templateId); // the trace of the log judged
                    insert.setLong(7, logs);
                    insert.setLong(8, logs);
                    insert.setString(9, judgmentId);
                    insert.executeUpdate();
                }
                Sql.execute(c, "vacuum analyze log_document");
            }
            System.err.printf("seeded %,d logs in %.0f s%n", logs, (System.nanoTime() - t0) / 1e9);

            String rare = md5Part(logs / 3);
            String file = "/v5/logs?file_id=" + fileId + "&size=50";
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("page 1 (no filter)", file);
            queries.put("page 100", file + "&page=100");
            queries.put("version_id", file + "&version_id=" + versionId);
            queries.put("id (one log)", file + "&id=scale_" + (logs / 2));
            queries.put("search, one log matches", file + "&search=" + rare);
            queries.put("search, every log matches", file + "&search=question");
            queries.put("metadata_search, 2 % match", file + "&metadata_search=" + enc("\"team\":\"t12\""));
            queries.put("start_date (last hour)", file + "&start_date=" + enc(java.time.Instant.now()
                    .minus(Duration.ofHours(1)).toString()));
            queries.put("end_date (first hour)", file + "&end_date=" + enc(java.time.Instant.now()
                    .minus(Duration.ofSeconds(logs)).plus(Duration.ofHours(1)).toString()));
            queries.put("in_trace_filter=true (10 %)", file + "&in_trace_filter=true");
            queries.put("include_trace_children", file + "&include_trace_children=true");
            queries.put("sample=50", file + "&sample=50");
            queries.put("include_parent (the Evaluator's logs)", "/v5/logs?file_id=" + evaluatorId
                    + "&size=50&include_parent=true");

            System.out.printf("## GET /v5/logs over %,d logs of one Flow (PostgreSQL, %d measured requests each)%n%n",
                    logs + 1, MEASURED);
            System.out.println("| request (size=50) | records | total | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            for (var query : queries.entrySet()) {
                var timed = Timed.get(api, query.getValue(), MEASURED);
                JsonNode page = Json.MAPPER.readTree(timed.last().body());
                System.out.printf("| %s | %d | %d | %.1f | %.1f | %.1f |%n", query.getKey(), page.get("records").size(),
                        page.get("total").longValue(), timed.p50(), timed.p95(), timed.max());
            }
            // the viewer's listing (/ui/api/logs, signed in): newest first, its own filters and sorts
            var viewer = Api.signedIn(server.port(), apiKey);
            String ui = "/ui/api/logs?file_id=" + fileId + "&size=50";
            Map<String, String> viewerQueries = new LinkedHashMap<>();
            viewerQueries.put("page 1, newest first", ui);
            viewerQueries.put("page 100, newest first", ui + "&page=100");
            viewerQueries.put("status=incomplete (5 %)", ui + "&status=incomplete");
            viewerQueries.put("status=complete (95 %)", ui + "&status=complete");
            viewerQueries.put("has_error=true (2 %)", ui + "&has_error=true");
            viewerQueries.put("has_error=false (98 %)", ui + "&has_error=false");
            viewerQueries.put("judgment false (25 %)", ui + "&judged_by=" + evaluatorId + "&judgment=false");
            viewerQueries.put("judgment true (75 %)", ui + "&judged_by=" + evaluatorId + "&judgment=true");
            for (String sort : List.of("start_time", "duration", "tokens", "cost")) {
                viewerQueries.put("sort=" + sort + " desc", ui + "&sort=" + sort + "&order=desc");
                viewerQueries.put("sort=" + sort + " asc", ui + "&sort=" + sort + "&order=asc");
            }
            viewerQueries.put("sort=tokens desc, page 100", ui + "&sort=tokens&order=desc&page=100");
            viewerQueries.put("sort=tokens asc, last page (nulls)", ui + "&sort=tokens&order=asc&page="
                    + ((logs + 1) / 50));
            System.out.printf("%n## The viewer's listing (`/ui/api/logs`) over the same %,d logs (%d measured requests each)%n%n",
                    logs + 1, MEASURED);
            System.out.println("Seeded: 5 % incomplete (no end), 2 % with an error, 10 % without tokens or cost,"
                    + " durations 0–60 s, every log judged by one Evaluator (25 % `false`, 75 % `true`).");
            System.out.println();
            System.out.println("| request (size=50) | records | total | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            for (var query : viewerQueries.entrySet()) {
                var timed = Timed.get(viewer, query.getValue(), MEASURED);
                JsonNode page = Json.MAPPER.readTree(timed.last().body());
                System.out.printf("| %s | %d | %d | %.1f | %.1f | %.1f |%n", query.getKey(), page.get("records").size(),
                        page.get("total").longValue(), timed.p50(), timed.p95(), timed.max());
            }
            viewer.close();
            if (list.contains("--no-stats")) {
                api.close();
                return;
            }
            new StatsAtScale(api, target).run(logs, statsPerHour);
            api.close();
        } finally {
            server.stop();
            target.destroy(keep);
        }
    }

    /** Six characters of the md5 text only log {@code i} has (as the seed writes it). */
    private static String md5Part(long i) throws Exception {
        var digest = java.security.MessageDigest.getInstance("MD5").digest(Long.toString(i).getBytes(StandardCharsets.UTF_8));
        var hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.substring(4, 12);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static void check(Api.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + ": "
                    + Json.clip(response.body()));
        }
    }
}
