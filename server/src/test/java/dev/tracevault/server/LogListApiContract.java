package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.ListLogs;
import dev.tracevault.queries.LogSort;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Api.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v5/logs} (spec §3.9): paging, every filter, the records' shape (each exactly what
 * {@code GET /v5/logs/{id}} returns), and a page walk while logs are being added — on each database.
 */
abstract class LogListApiContract extends ApiContractBase {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    String path(String name) {
        return "list-" + run + "/" + name;
    }

    JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode prompt(String name, String fields) {
        return ok(api.post("/v5/prompts/log", """
                {"path":"%s","prompt":{"model":"gpt-4o","template":"t"}%s}
                """.formatted(path(name), fields.isEmpty() ? "" : "," + fields)));
    }

    JsonNode list(String query) {
        return ok(api.get("/v5/logs?" + query));
    }

    static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("records").forEach(record -> ids.add(record.get("id").stringValue()));
        return ids;
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    List<String> createPrompts(String name, int count) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            ids.add(prompt(name, "\"inputs\":{\"n\":" + i + "}").get("id").stringValue());
        }
        return ids;
    }

    @Test
    void pagesDefaultToTenOldestFirstAndArePastTheEndEmpty() {
        var created = createPrompts("Paged", 12);
        String fileId = ok(api.get("/v5/logs/" + created.getFirst())).get("prompt").get("id").stringValue();

        JsonNode first = list("file_id=" + fileId);
        assertThat(first.get("page").intValue()).isEqualTo(1);
        assertThat(first.get("size").intValue()).isEqualTo(10);
        assertThat(first.get("total").longValue()).isEqualTo(12);
        assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 10));
        JsonNode second = list("file_id=" + fileId + "&page=2");
        assertThat(ids(second)).containsExactlyElementsOf(created.subList(10, 12));
        JsonNode third = list("file_id=" + fileId + "&page=3");
        assertThat(third.get("records").size()).isZero();
        assertThat(third.get("total").longValue()).isEqualTo(12);
        assertThat(list("file_id=" + fileId + "&page=2000000000&size=100").get("records").size()).isZero();
        assertThat(ids(list("file_id=" + fileId + "&page=3&size=5")))
                .containsExactlyElementsOf(created.subList(10, 12));
        assertThat(list("file_id=" + fileId + "&size=0").get("records").size()).isZero();
        assertThat(list("file_id=unknown-" + run).get("total").longValue()).isZero();

        for (JsonNode record : first.get("records")) {
            assertThat(record).as("a record is the log as GET /v5/logs/{id} returns it")
                    .isEqualTo(ok(api.get("/v5/logs/" + record.get("id").stringValue())));
        }
    }

    @Test
    void badParametersAre422AndNamed() {
        assertProblem("", "file_id");
        assertProblem("file_id=x&size=101", "size");
        assertProblem("file_id=x&size=-1", "size");
        assertProblem("file_id=x&size=ten", "size");
        assertProblem("file_id=x&page=0", "page");
        assertProblem("file_id=x&page=99999999999", "page");
        assertProblem("file_id=x&start_date=yesterday", "start_date");
        assertProblem("file_id=x&end_date=2025-13-01T00:00:00Z", "end_date");
        assertProblem("file_id=x&include_parent=maybe", "include_parent");
        assertProblem("file_id=x&include_trace_children=2", "include_trace_children");
        assertProblem("file_id=x&in_trace_filter=true&in_trace_filter=perhaps", "in_trace_filter");
        assertProblem("file_id=x&sample=-3", "sample");
        var two = api.get("/v5/logs?size=500&page=a");
        assertThat(two.status()).isEqualTo(422);
        assertThat(two.json().get("detail").size()).as("every bad parameter is named").isEqualTo(3);
    }

    private void assertProblem(String query, String parameter) {
        var response = api.get("/v5/logs?" + query);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(422);
        JsonNode problem = response.json().get("detail").get(0);
        assertThat(problem.get("loc").get(0).stringValue()).isEqualTo("query");
        assertThat(problem.get("loc").get(1).stringValue()).isEqualTo(parameter);
        assertThat(problem.get("msg").stringValue()).isNotBlank();
        assertThat(problem.get("type").stringValue()).isNotBlank();
    }

    @Test
    void everyFilterNarrowsTheList() {
        var a = prompt("Filtered", """
                "log_id":"client-a-%s","inputs":{"City":"Zürich"},"output":"Sunny","metadata":{"team":"Blue_Team"},
                "created_at":"2025-01-01T00:00:00Z","messages":[{"role":"user","content":"What about 100%% rain?"}]"""
                .formatted(run));
        var b = prompt("Filtered", """
                "log_id":"client-b-%s","inputs":{"city":"Oslo"},"output":"cloudy","metadata":{"team":"red"},
                "created_at":"2025-02-01T00:00:00Z","output_message":{"role":"assistant","content":"Snow LATER"}"""
                .formatted(run));
        var hidden = prompt("Filtered", """
                "inputs":{"city":"Zürich"},"output":"sunny","save":false,"metadata":{"team":"blue_team"},
                "created_at":"2025-03-01T00:00:00Z\"""");
        var otherVersion = ok(api.post("/v5/prompts/log", """
                {"path":"%s","prompt":{"model":"gpt-4o","template":"another"},"inputs":{"city":"Rome"},
                 "created_at":"2025-04-01T00:00:00Z"}""".formatted(path("Filtered"))));
        String fileId = a.get("prompt_id").stringValue();
        String all = "file_id=" + fileId;
        String idA = a.get("id").stringValue();
        String idB = b.get("id").stringValue();
        String idHidden = hidden.get("id").stringValue();
        String idOther = otherVersion.get("id").stringValue();
        assertThat(ids(list(all))).containsExactly(idA, idB, idHidden, idOther);

        assertThat(ids(list(all + "&version_id=" + a.get("version_id").stringValue())))
                .containsExactly(idA, idB, idHidden);
        assertThat(ids(list(all + "&version_id=" + otherVersion.get("version_id").stringValue())))
                .containsExactly(idOther);
        assertThat(ids(list(all + "&id=" + enc("nt-a-" + run) + "&id=" + enc(idOther.substring(2)))))
                .containsExactly(idA, idOther);
        assertThat(ids(list(all + "&id=nothing-like-it"))).isEmpty();

        assertThat(ids(list(all + "&search=z%C3%9CRICH"))).as("inputs, any case; save:false stores no payload")
                .containsExactly(idA);
        assertThat(ids(list(all + "&search=city"))).as("input names").containsExactly(idA, idB, idOther);
        assertThat(ids(list(all + "&search=SUNNY"))).as("output").containsExactly(idA);
        assertThat(ids(list(all + "&search=" + enc("100% rain")))).as("messages, % literal").containsExactly(idA);
        assertThat(ids(list(all + "&search=" + enc("0_ rain")))).as("_ literal").isEmpty();
        assertThat(ids(list(all + "&search=snow%20later"))).as("output_message").containsExactly(idB);
        assertThat(ids(list(all + "&search=user"))).as("message roles are not searched").isEmpty();
        String nul = prompt("Filtered", "\"inputs\":{\"raw\":\"nul\\u0000HERE\"}").get("id").stringValue();
        assertThat(ids(list(all + "&search=nul%00here"))).as("NUL is searchable").containsExactly(nul);
        assertThat(ids(list(all + "&search=%00"))).containsExactly(nul);
        assertThat(ids(list(all + "&metadata_search=%00"))).isEmpty();

        assertThat(ids(list(all + "&metadata_search=blue_TEAM"))).containsExactly(idA, idHidden);
        assertThat(ids(list(all + "&metadata_search=blue%25team"))).isEmpty();
        assertThat(ids(list(all + "&metadata_search=red"))).containsExactly(idB);

        assertThat(ids(list(all + "&start_date=2025-02-01T00:00:00.000Z")))
                .containsExactly(idB, idHidden, idOther, nul);
        assertThat(ids(list(all + "&end_date=2025-02-01T00:00:00Z"))).containsExactly(idA, idB);
        assertThat(ids(list(all + "&start_date=2025-01-15T00:00:00&end_date=2025-03-15T00:00:00%2B00:00")))
                .containsExactly(idB, idHidden);

        JsonNode sample = list(all + "&sample=2");
        assertThat(sample.get("total").longValue()).isEqualTo(2);
        assertThat(ids(sample)).hasSize(2).isSubsetOf(idA, idB, idHidden, idOther, nul);
        assertThat(ids(list(all + "&sample=2"))).as("the same request, the same sample").isEqualTo(ids(sample));
        assertThat(ids(list(all + "&sample=2&size=1&page=2"))).containsExactly(ids(sample).get(1));
        assertThat(ids(list(all + "&sample=10"))).hasSize(5);
    }

    @Test
    void inTraceFilterAndTraceChildren() {
        JsonNode root = ok(api.post("/v5/flows/log", """
                {"path":"%s","inputs":{"q":1},"log_status":"incomplete"}""".formatted(path("Flow"))));
        String rootId = root.get("id").stringValue();
        String child = prompt("Traced", "\"trace_parent_id\":\"" + rootId + "\"").get("id").stringValue();
        JsonNode loose = prompt("Traced", "\"inputs\":{\"q\":2}");
        String fileId = loose.get("prompt_id").stringValue();
        String looseId = loose.get("id").stringValue();

        assertThat(ids(list("file_id=" + fileId))).containsExactly(child, looseId);
        assertThat(ids(list("file_id=" + fileId + "&in_trace_filter=true"))).containsExactly(child);
        assertThat(ids(list("file_id=" + fileId + "&in_trace_filter=false"))).containsExactly(looseId);
        assertThat(ids(list("file_id=" + fileId + "&in_trace_filter=true&in_trace_filter=false")))
                .containsExactly(child, looseId);

        String flowId = root.get("flow_id").stringValue();
        JsonNode plain = list("file_id=" + flowId).get("records").get(0);
        assertThat(plain.get("trace_children").size()).isZero();
        JsonNode withChildren = list("file_id=" + flowId + "&include_trace_children=true").get("records").get(0);
        assertThat(withChildren.get("trace_children").get(0).get("id").stringValue()).isEqualTo(child);
        assertThat(withChildren).isEqualTo(ok(api.get("/v5/logs/" + rootId)));
        assertThat(ids(list("file_id=" + flowId + "&in_trace_filter=true"))).containsExactly(rootId);
    }

    @Test
    void includeParentEmbedsTheJudgedLog() {
        String parent = prompt("Judged", "\"output\":\"judge me\"").get("id").stringValue();
        var judgment = ok(api.post("/v5/evaluators/log", """
                {"parent_id":"%s","path":"%s","judgment":"good","spec":{"arguments_type":"target_free",
                 "return_type":"select","evaluator_type":"external",
                 "options":[{"name":"good","valence":"positive"},{"name":"bad","valence":"negative"}]}}"""
                .formatted(parent, path("Rating"))));
        String judgmentId = judgment.get("id").stringValue();
        String evaluatorId = ok(api.get("/v5/logs/" + judgmentId)).get("evaluator").get("id").stringValue();

        JsonNode bare = list("file_id=" + evaluatorId).get("records").get(0);
        assertThat(bare.get("id").stringValue()).isEqualTo(judgmentId);
        assertThat(bare.has("parent")).isFalse();
        assertThat(bare).isEqualTo(ok(api.get("/v5/logs/" + judgmentId)));
        JsonNode withParent = list("file_id=" + evaluatorId + "&include_parent=true").get("records").get(0);
        assertThat(withParent.get("parent")).isEqualTo(ok(api.get("/v5/logs/" + parent)));
        assertThat(withParent.get("parent").get("evaluator_logs").get(0).get("id").stringValue())
                .isEqualTo(judgmentId);

        JsonNode judgedPage = list("file_id=" + ok(api.get("/v5/logs/" + parent)).get("prompt").get("id")
                .stringValue()).get("records").get(0);
        assertThat(judgedPage.get("evaluator_logs").get(0).get("judgment").stringValue()).isEqualTo("good");
    }

    @Test
    void changedLogsAreFoundByWhatTheyNowSay() {
        JsonNode log = prompt("Changed", "\"inputs\":{\"q\":\"before\"},\"metadata\":{\"team\":\"old\"}");
        String id = log.get("id").stringValue();
        String all = "file_id=" + log.get("prompt_id").stringValue();
        var patched = api.patch("/v5/prompts/" + log.get("prompt_id").stringValue() + "/log/" + id, """
                {"output":"Changed Answer","metadata":{"team":"new"},"created_at":"2024-06-01T00:00:00Z"}""");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(ids(list(all + "&search=changed%20answer"))).containsExactly(id);
        assertThat(ids(list(all + "&search=before"))).containsExactly(id);
        assertThat(ids(list(all + "&metadata_search=new"))).containsExactly(id);
        assertThat(ids(list(all + "&metadata_search=old"))).isEmpty();
        assertThat(ids(list(all + "&end_date=2024-12-31T00:00:00Z"))).containsExactly(id);
    }

    /**
     * An erased log stays in its file's listing as its tombstone (so erasing never shifts a walk
     * through the pages), but no {@code search} or {@code metadata_search} finds it any more.
     */
    @Test
    void erasedLogsAreListedAsTombstonesThatNoSearchFinds() {
        var created = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            created.add(prompt("Erased", "\"inputs\":{\"n\":\"secret-" + run + "-" + i + "\"},\"metadata\":{\"owner\":\"mail-"
                    + run + "-" + i + "\"}").get("id").stringValue());
        }
        String fileId = ok(api.get("/v5/logs/" + created.getFirst())).get("prompt").get("id").stringValue();
        String all = "file_id=" + fileId;
        assertThat(ids(list(all + "&search=secret-" + run + "-1"))).containsExactly(created.get(1));
        assertThat(ids(list(all + "&metadata_search=mail-" + run + "-1"))).containsExactly(created.get(1));

        var erased = api.send("DELETE", "/v5/logs?id=" + created.get(1), null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        JsonNode page = list(all);
        assertThat(ids(page)).containsExactlyElementsOf(created);
        assertThat(page.get("total").longValue()).isEqualTo(3);
        JsonNode tombstone = page.get("records").get(1);
        assertThat(tombstone.get("erased").asBoolean()).isTrue();
        assertThat(tombstone.get("inputs").isNull()).isTrue();
        assertThat(tombstone.get("metadata").isNull()).isTrue();
        assertThat(page.get("records").get(0).has("erased")).as("live logs carry no marker").isFalse();
        assertThat(ids(list(all + "&search=secret-" + run + "-1"))).isEmpty();
        assertThat(ids(list(all + "&metadata_search=mail-" + run + "-1"))).isEmpty();
        assertThat(ids(list(all + "&search=secret-" + run))).containsExactly(created.get(0), created.get(2));
        assertThat(ids(list(all + "&metadata_search=mail-" + run))).containsExactly(created.get(0), created.get(2));
    }

    /**
     * A client walks the pages while another adds logs: it sees every log that existed when it
     * began exactly once, and no log twice.
     */
    @Test
    void walkingPagesWhileLogsAreAddedSeesEveryEarlierLogOnce() throws Exception {
        var before = createPrompts("Busy", 25);
        String fileId = ok(api.get("/v5/logs/" + before.getFirst())).get("prompt").get("id").stringValue();
        var walking = new AtomicBoolean(true);
        var executor = Executors.newSingleThreadExecutor();
        try {
            var adding = new CountDownLatch(1);
            Future<Integer> adder = executor.submit(() -> {
                int added = 0;
                while (walking.get() && added < 40) {
                    prompt("Busy", "\"inputs\":{\"late\":" + added + "}");
                    added++;
                    adding.countDown();
                }
                return added;
            });
            assertThat(adding.await(30, TimeUnit.SECONDS)).as("the writer is adding logs").isTrue();
            var seen = new ArrayList<String>();
            for (int page = 1; ; page++) {
                var records = ids(list("file_id=" + fileId + "&size=3&page=" + page));
                if (records.isEmpty()) {
                    break;
                }
                seen.addAll(records);
                Thread.sleep(20);
            }
            walking.set(false);
            int added = adder.get();
            Set<String> distinct = new HashSet<>(seen);
            assertThat(distinct).as("no log twice").hasSize(seen.size());
            assertThat(seen).as("every earlier log, in order").startsWith(before.toArray(String[]::new));
            assertThat(list("file_id=" + fileId).get("total").longValue()).isEqualTo(25 + added);
        } finally {
            walking.set(false);
            executor.shutdownNow();
        }
    }

    // ---- the viewer's sort (a query of the listing's own; GET /v5/logs has no sort parameter) ----

    @Autowired
    QueryGateway queries;

    /** The ids of one page of the file's logs matching "sortme", sorted so. */
    List<String> sorted(String fileId, LogSort sort, boolean descending, int page, int size) throws Exception {
        var query = new ListLogs(fileId, page, size, null, List.of(), "sortme", null, null, null, false, null, null,
                false, descending, null, null, null, null, sort);
        return ids(JSON.readTree(queries.query(query, ApiDocument.class).get().json()));
    }

    @Test
    void theViewersSortOrdersByAColumnWithNullsLastAndTiesByIdAndPagesThroughIt() throws Exception {
        String at = "\"inputs\":{\"q\":\"sortme\"}";
        String a = prompt("Sorted", at + ",\"start_time\":\"2026-01-01T10:00:00Z\",\"end_time\":\"2026-01-01T10:00:05Z\","
                + "\"prompt_tokens\":60,\"output_tokens\":40,\"prompt_cost\":0.25,\"output_cost\":0.25").get("id").stringValue();
        String b = prompt("Sorted", at + ",\"start_time\":\"2026-01-01T10:00:01Z\",\"end_time\":\"2026-01-01T10:00:02Z\","
                + "\"prompt_tokens\":300,\"prompt_cost\":0.1").get("id").stringValue();
        String c = prompt("Sorted", at + ",\"start_time\":\"2026-01-01T10:00:02Z\",\"end_time\":\"2026-01-01T10:00:07Z\","
                + "\"prompt_tokens\":100,\"prompt_cost\":0.5").get("id").stringValue();
        String d = prompt("Sorted", at).get("id").stringValue();
        String e = prompt("Sorted", at + ",\"start_time\":\"2026-01-01T10:00:03Z\",\"output_tokens\":50")
                .get("id").stringValue();
        prompt("Sorted", "\"inputs\":{\"q\":\"other\"},\"prompt_tokens\":1");
        String fileId = ok(api.get("/v5/logs/" + a)).get("prompt").get("id").stringValue();
        // a and c tie on duration (5 s), tokens (100) and cost (0.5): the smaller id first, or last when descending
        List<String> ac = a.compareTo(c) < 0 ? List.of(a, c) : List.of(c, a);
        List<String> ca = ac.reversed();
        List<String> de = d.compareTo(e) < 0 ? List.of(d, e) : List.of(e, d);

        assertThat(sorted(fileId, LogSort.CREATED, false, 1, 10)).containsExactly(a, b, c, d, e);
        assertThat(sorted(fileId, LogSort.CREATED, true, 1, 10)).containsExactly(e, d, c, b, a);
        assertThat(sorted(fileId, LogSort.START_TIME, false, 1, 10)).as("no start time: last").containsExactly(a, b, c, e, d);
        assertThat(sorted(fileId, LogSort.START_TIME, true, 1, 10)).as("last descending too").containsExactly(e, c, b, a, d);
        assertThat(sorted(fileId, LogSort.DURATION, false, 1, 10)).as("no end time: no duration")
                .containsExactly(b, ac.get(0), ac.get(1), de.get(0), de.get(1));
        assertThat(sorted(fileId, LogSort.DURATION, true, 1, 10))
                .containsExactly(ca.get(0), ca.get(1), b, de.get(1), de.get(0));
        assertThat(sorted(fileId, LogSort.TOKENS, false, 1, 10)).containsExactly(e, ac.get(0), ac.get(1), b, d);
        assertThat(sorted(fileId, LogSort.TOKENS, true, 1, 10)).containsExactly(b, ca.get(0), ca.get(1), e, d);
        assertThat(sorted(fileId, LogSort.COST, false, 1, 10)).containsExactly(b, ac.get(0), ac.get(1), de.get(0), de.get(1));
        assertThat(sorted(fileId, LogSort.COST, true, 1, 10)).containsExactly(ca.get(0), ca.get(1), b, de.get(1), de.get(0));

        // offset pages of a sort are its slices
        var walked = new ArrayList<String>();
        for (int page = 1; page <= 3; page++) {
            walked.addAll(sorted(fileId, LogSort.TOKENS, true, page, 2));
        }
        assertThat(walked).containsExactlyElementsOf(sorted(fileId, LogSort.TOKENS, true, 1, 10));
        // one a page: across the logs without a cost too (a page past every log with one counts them)
        var single = new ArrayList<String>();
        for (int page = 1; page <= 6; page++) {
            single.addAll(sorted(fileId, LogSort.COST, false, page, 1));
        }
        assertThat(single).containsExactlyElementsOf(sorted(fileId, LogSort.COST, false, 1, 10));
        assertThat(sorted(fileId, LogSort.DURATION, true, 5, 1)).containsExactly(de.get(0));
        // GET /v5/logs stays oldest first by time logged
        assertThat(ids(list("file_id=" + fileId + "&search=sortme"))).containsExactly(a, b, c, d, e);
    }
}
