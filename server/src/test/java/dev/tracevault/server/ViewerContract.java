package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The viewer in a real headless browser (Debian's chromium through chromedriver) against the real
 * server: signing in and out, finding a trace, a deep link, selecting with keys, a live trace that
 * grows and completes across dropped connections, the as-of scrubber, the history's diff, a
 * tombstone, a human judgment, and untrusted content that must never run. Screenshots of the main
 * pages go to {@code server/target/screenshots}.
 */
@ExtendWith(OutputCaptureExtension.class)
// a live stream is renewed every 2 s here, so the tests cross reconnections (Last-Event-ID) all the time
@TestPropertySource(properties = "tracevault.viewer.live-max-duration=PT2S")
abstract class ViewerContract extends ApiContractBase {

    /** Untrusted content, as a hostile client would log it: each would set window.__pwned if it ran. */
    static final String HOSTILE = "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\">"
            + "[click me](javascript:window.__pwned='link')<a href=\"javascript:window.__pwned='a'\">a</a>";

    private static Browser browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void signedIn() {
        if (browser == null || !browser.base().endsWith(":" + port)) {
            closeBrowser();
            browser = new Browser(port);
        }
        browser.open("/ui/sign-in");
        browser.driver().manage().deleteAllCookies();
        browser.signIn(Api.KEY);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    // ---- what the tests log through the API ----------------------------------------------------

    String path(String name) {
        return "viewer-" + run + "/" + name;
    }

    JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    String flow(String name, String parent, int start, String more) {
        return ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":1},"log_status":"incomplete",
                 "trace_parent_id":%s,"start_time":"%s"%s}
                """.formatted(quote(path(name)), parent == null ? "null" : quote(parent), at(start),
                more == null ? "" : "," + more))).get("id").stringValue();
    }

    String prompt(String name, String parent, int start, int end, String more) {
        return ok(api.post("/v5/prompts/log", """
                {"path":%s,"prompt":{"model":"gpt-4o","temperature":0.3,"template":"Answer {{q}}"},"inputs":{"q":"2+2"},
                 "messages":[{"role":"user","content":"What is 2+2?"}],"output":"4","prompt_tokens":10,"output_tokens":2,
                 "prompt_cost":0.001,"output_cost":0.0002,"trace_parent_id":%s,"start_time":"%s","end_time":"%s"%s}
                """.formatted(quote(path(name)), parent == null ? "null" : quote(parent), at(start), at(end),
                more == null ? "" : "," + more))).get("id").stringValue();
    }

    void complete(String flowLogId) {
        ok(api.patch("/v5/flows/logs/" + flowLogId, "{\"output\":\"done\",\"log_status\":\"complete\"}"));
    }

    static String at(int seconds) {
        return Instant.parse("2026-01-01T10:00:00Z").plusMillis(seconds * 100L).toString();
    }

    // ---- what the tests look at ----------------------------------------------------------------

    /** Opens the log's page and waits until its trace is drawn. */
    void openLog(String logId, String query) {
        browser.open("/ui/logs/" + Api.segment(logId) + (query == null ? "" : "?" + query));
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.treeReady")));
    }

    String selectedRow() {
        return browser.await(d -> d.findElements(By.cssSelector("#rows .row.selected")).stream()
                .map(e -> e.getAttribute("data-id")).findFirst().orElse(null));
    }

    String rowCount() {
        return browser.text(By.id("row-count"));
    }

    void awaitRowCount(String text) {
        browser.await(d -> rowCount().equals(text) ? true : null);
    }

    String detailText() {
        return browser.text(By.id("detail"));
    }

    void awaitDetailOf(String logId) {
        browser.await(d -> logId.equals(d.findElement(By.id("detail")).getAttribute("data-log-id"))
                && !d.findElement(By.id("detail")).getAttribute("class").contains("loading") ? true : null);
    }

    String sessionCookie() {
        var cookie = browser.driver().manage().getCookieNamed("TRACEVAULT_SESSION");
        return cookie == null ? null : cookie.getValue();
    }

    HttpResponse<String> withCookie(String method, String path, String cookie, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(browser.base() + path)).header("Cookie",
                "TRACEVAULT_SESSION=" + cookie).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the flows -----------------------------------------------------------------------------

    @Test
    void signingInKeepsTheKeyInAnHttpOnlyStrictSessionAndSigningOutEndsIt(CapturedOutput output) throws Exception {
        String root = flow("SignIn", null, 0, null);
        browser.driver().manage().deleteAllCookies();
        browser.open("/ui/logs/" + root);
        browser.awaitElement(By.id("key"));
        assertThat(browser.driver().getCurrentUrl()).as("without a session every page leads to sign-in")
                .contains("/ui/sign-in");
        assertThat(withCookie("GET", "/ui/api/files", "none", null).statusCode()).isEqualTo(401);
        browser.screenshot("sign-in");

        browser.driver().findElement(By.id("key")).sendKeys("not-the-key");
        browser.driver().findElement(By.id("sign-in")).click();
        browser.awaitElement(By.id("sign-in-error"));
        assertThat(withCookie("GET", "/ui/api/files", sessionCookie(), null).statusCode()).isEqualTo(401);

        browser.driver().findElement(By.id("key")).sendKeys(Api.KEY);
        browser.driver().findElement(By.id("sign-in")).click();
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.treeReady")));
        assertThat(browser.driver().getCurrentUrl()).as("back to the page asked for").contains("/ui/logs/" + root)
                .doesNotContain(Api.KEY);
        var cookie = browser.driver().manage().getCookieNamed("TRACEVAULT_SESSION");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat((String) browser.script("return document.cookie")).doesNotContain("TRACEVAULT_SESSION");
        assertThat((String) browser.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"
                + " + location.href + document.documentElement.outerHTML")).doesNotContain(Api.KEY);
        String session = cookie.getValue();
        assertThat(withCookie("GET", "/ui/api/files", session, null).statusCode()).isEqualTo(200);
        assertThat(withCookie("GET", "/v5/logs/" + root, session, null).statusCode())
                .as("the API takes keys, never the viewer's session").isEqualTo(401);

        browser.driver().findElement(By.id("sign-out")).click();
        browser.awaitElement(By.id("signed-out"));
        assertThat(withCookie("GET", "/ui/api/files", session, null).statusCode()).as("signing out ends the session")
                .isEqualTo(401);
        browser.open("/ui/");
        browser.awaitElement(By.id("key"));
        assertThat(output.getAll()).as("the key is never logged").doesNotContain(Api.KEY);
    }

    @Test
    void findsATraceFromTheListingAndNewLogsAppearWhileItIsOpen() {
        var created = ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":"first"},"output":"one"}
                """.formatted(quote(path("Listed")))));
        String first = created.get("id").stringValue();
        String fileId = created.get("flow_id").stringValue();
        browser.open("/ui/");
        browser.awaitElement(By.id("file-name")).sendKeys("Listed");
        browser.click(By.cssSelector("#files tr[data-file-id='" + fileId + "'] a"));
        browser.awaitElement(By.cssSelector("#logs tr[data-log-id='" + first + "']"));
        browser.screenshot("listing");

        String second = ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":"second"},"output":"two"}
                """.formatted(quote(path("Listed"))))).get("id").stringValue();
        var arrived = browser.awaitElement(By.cssSelector("#logs tr[data-log-id='" + second + "']"));
        List<WebElement> rows = browser.all(By.cssSelector("#logs tbody tr"));
        assertThat(rows.getFirst().getAttribute("data-log-id")).as("newest first").isEqualTo(second);

        // a filter narrows the page to the matching log
        browser.driver().findElement(By.name("search")).sendKeys("first");
        browser.driver().findElement(By.cssSelector("#filters button[type=submit]")).click();
        browser.await(d -> d.findElements(By.cssSelector("#logs tbody tr[data-log-id]")).size() == 1
                && !d.findElements(By.cssSelector("#logs tr[data-log-id='" + first + "']")).isEmpty() ? true : null);

        browser.click(By.cssSelector("#logs tr[data-log-id='" + first + "'] a"));
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.treeReady")));
        assertThat(selectedRow()).isEqualTo(first);
        assertThat(arrived).isNotNull();
    }

    @Test
    void theListingFiltersByStatusAndErrorAndPages() {
        String body = "{\"path\":%s,\"flow\":{\"attributes\":{\"n\":1}},\"inputs\":{\"q\":1},\"output\":\"ok\","
                + "\"log_status\":\"%s\"%s}";
        var created = ok(api.post("/v5/flows/log", body.formatted(quote(path("Filtered")), "incomplete", "")));
        String incomplete = created.get("id").stringValue();
        String fileId = created.get("flow_id").stringValue();
        String failed = ok(api.post("/v5/flows/log", body.formatted(quote(path("Filtered")), "complete",
                ",\"error\":\"it broke\""))).get("id").stringValue();
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            plain.add(ok(api.post("/v5/flows/log", body.formatted(quote(path("Filtered")), "complete", "")))
                    .get("id").stringValue());
        }
        browser.open("/ui/?file_id=" + Api.segment(fileId));
        browser.await(d -> listed().size() == 25 ? true : null);
        assertThat(listed()).as("newest first, 25 a page").first().isEqualTo(plain.getLast());
        assertThat(browser.text(By.id("page"))).isEqualTo("page 1 of 2");
        browser.click(By.id("next"));
        browser.await(d -> "page 2 of 2".equals(browser.text(By.id("page"))) && listed().size() == 2 ? true : null);
        assertThat(listed()).containsExactly(failed, incomplete);

        new Select(browser.driver().findElement(By.name("status"))).selectByValue("incomplete");
        browser.click(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> List.of(incomplete).equals(listed()) ? true : null);
        assertThat(browser.text(By.id("page"))).isEqualTo("page 1 of 1");

        new Select(browser.driver().findElement(By.name("status"))).selectByValue("");
        new Select(browser.driver().findElement(By.name("has_error"))).selectByValue("true");
        browser.click(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> List.of(failed).equals(listed()) ? true : null);
        assertThat(browser.driver().getCurrentUrl()).as("the URL holds the filters").contains("has_error=true");

        // the current judgment of an evaluator: a judgment replaced by a later one no longer counts
        String judge = "{\"parent_id\":%s,\"path\":%s,\"spec\":{\"arguments_type\":\"target_free\","
                + "\"return_type\":\"text\",\"evaluator_type\":\"human\"},\"judgment\":%s}";
        for (String[] judgment : List.of(new String[] {failed, "bad"}, new String[] {incomplete, "good"},
                new String[] {failed, "good"}, new String[] {plain.getFirst(), "bad"})) {
            ok(api.post("/v5/evaluators/log", judge.formatted(quote(judgment[0]), quote(path("Reviewer")),
                    quote(judgment[1]))));
        }
        String evaluatorId = ok(api.get("/v5/logs/" + failed)).get("evaluator_logs").get(0).get("evaluator")
                .get("id").stringValue();
        browser.open("/ui/?file_id=" + Api.segment(fileId) + "&judged_by=" + Api.segment(evaluatorId)
                + "&judgment=good");
        browser.await(d -> listed().size() == 2 ? true : null);
        assertThat(listed()).containsExactly(failed, incomplete);
        browser.await(d -> "true".equals(browser.script("return document.getElementById('judged-by').dataset.loaded"))
                ? true : null);
        assertThat(new Select(browser.driver().findElement(By.name("judged_by"))).getFirstSelectedOption().getText())
                .isEqualTo(path("Reviewer"));
        browser.driver().findElement(By.name("judgment")).clear();
        browser.driver().findElement(By.name("judgment")).sendKeys("bad");
        browser.click(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> List.of(plain.getFirst()).equals(listed()) ? true : null);

        // the filters are the data endpoint's: a status it does not know is a 4xx, not an empty page
        var unknown = (String) browser.script("return fetch('/ui/api/logs?file_id=' + arguments[0] + '&status=done')"
                + ".then(r => r.status + ' ' + r.headers.get('content-type'))", fileId);
        assertThat(unknown).startsWith("422").contains("json");
    }

    @Test
    void aColumnHeaderSortsTheListingAndTheUrlKeepsTheSort() {
        String shortish = prompt("Sorting", null, 0, 3, null);
        String longest = prompt("Sorting", null, 0, 9, null);
        String shortest = prompt("Sorting", null, 0, 1, null);
        String fileId = ok(api.get("/v5/logs/" + shortish)).get("prompt").get("id").stringValue();
        browser.open("/ui/?file_id=" + Api.segment(fileId));
        browser.await(d -> listed().size() == 3 ? true : null);
        assertThat(listed()).as("newest first").containsExactly(shortest, longest, shortish);

        var duration = By.cssSelector("#logs th button[data-sort=duration]");
        browser.click(duration);
        browser.await(d -> List.of(longest, shortish, shortest).equals(listed()) ? true : null);
        assertThat(browser.driver().findElement(duration).getAttribute("data-direction")).isEqualTo("desc");
        browser.click(duration);
        browser.await(d -> List.of(shortest, shortish, longest).equals(listed()) ? true : null);
        assertThat(browser.driver().getCurrentUrl()).as("the URL holds the sort").contains("sort=duration")
                .contains("order=asc");

        // a filter keeps the sort, and so does the link
        browser.click(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> browser.driver().getCurrentUrl().contains("sort=duration") ? true : null);
        browser.open(browser.driver().getCurrentUrl().substring(browser.base().length()));
        browser.await(d -> List.of(shortest, shortish, longest).equals(listed()) ? true : null);
        assertThat(browser.driver().findElement(duration).getAttribute("data-direction")).isEqualTo("asc");

        var unknown = (String) browser.script("return fetch('/ui/api/logs?file_id=' + arguments[0] + '&sort=name')"
                + ".then(r => r.status + ' ' + r.headers.get('content-type'))", fileId);
        assertThat(unknown).startsWith("422").contains("json");
    }

    /** The ids of the logs the listing shows, in order. */
    private List<String> listed() {
        return browser.all(By.cssSelector("#logs tbody tr[data-log-id]")).stream()
                .map(e -> e.getAttribute("data-log-id")).toList();
    }

    @Test
    void aDeepLinkOpensTheTraceWithTheNestedLogSelected() {
        String root = flow("Deep", null, 0, null);
        String nested = flow("Nested", root, 1, null);
        String deeper = flow("Deeper", nested, 2, null);
        String leaf = prompt("Leaf", deeper, 3, 5, null);
        prompt("Sibling", root, 6, 9, null);
        openLog(leaf, null);
        assertThat(selectedRow()).as("the deep link's log is selected, whatever its depth").isEqualTo(leaf);
        awaitRowCount("5 of 5 logs");
        awaitDetailOf(leaf);
        assertThat(browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/ui/api/trace/')).length"))
                .as("the outline is asked for once: the page's preload is the request the script uses").isEqualTo(1L);
        browser.await(d -> "Leaf".equals(d.findElement(By.cssSelector("#detail .detail-name")).getText()) ? true : null);
        assertThat(detailText()).contains("What is 2+2?").contains("gpt-4o");
        assertThat(browser.text(By.id("total-tokens"))).isEqualTo("24");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/logs/" + leaf);
        // the timeline has one bar per log beside its row
        assertThat(browser.all(By.cssSelector("#rows .row:not([hidden]) .bar"))).hasSize(5);
        browser.screenshot("trace");
    }

    @Test
    void theDetailShowsAChatWithToolCallsMarkdownTotalsAndARawSwitch() {
        String root = flow("Conversation", null, 0, null);
        String failing = ok(api.post("/v5/tools/log", """
                {"path":%s,"tool":{"function":{"name":"lookup","description":"finds"}},"inputs":{"id":1},"error":"timed out",
                 "trace_parent_id":%s,"start_time":"%s","end_time":"%s"}
                """.formatted(quote(path("Lookup")), quote(root), at(1), at(2)))).get("id").stringValue();
        String chat = ok(api.post("/v5/prompts/log", """
                {"path":%s,"prompt":{"model":"gpt-4o","temperature":0.3,"template":"Answer {{q}}"},"inputs":{"q":"weather"},
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18 degrees"}],
                 "output":"# Forecast\\n\\nIt is **mild** in [Paris](https://example.org/paris).\\n\\n- sun\\n- wind",
                 "prompt_tokens":10,"output_tokens":2,"prompt_cost":0.001,"output_cost":0.0002,
                 "trace_parent_id":%s,"start_time":"%s","end_time":"%s"}
                """.formatted(quote(path("Chat")), quote(root), at(3), at(5)))).get("id").stringValue();
        openLog(chat, null);
        awaitDetailOf(chat);
        // (a live update may redraw the detail at any moment: each read finds its elements again)
        var roles = List.of("msg role-system", "msg role-user", "msg role-assistant", "msg role-tool");
        browser.await(d -> roles.equals(d.findElements(By.cssSelector("#detail [data-part='messages'] .msg")).stream()
                .map(m -> m.getAttribute("class")).toList()) ? true : null);
        assertThat(browser.text(By.cssSelector("#detail .msg.role-assistant .tool-call code"))).isEqualTo("get_weather");
        assertThat(browser.text(By.cssSelector("#detail .msg.role-assistant .tool-call"))).contains("city")
                .contains("Paris");
        assertThat(browser.text(By.cssSelector("#detail .msg.role-tool"))).contains("result of call_1")
                .contains("18 degrees");
        // markdown rendered as elements; a link opens elsewhere, without the referrer
        assertThat(browser.text(By.cssSelector("#detail [data-part='output'] .markdown h3"))).isEqualTo("Forecast");
        assertThat(browser.text(By.cssSelector("#detail [data-part='output'] strong"))).isEqualTo("mild");
        assertThat(browser.<Integer>await(d -> d.findElements(By.cssSelector("#detail [data-part='output'] li")).size()))
                .isEqualTo(2);
        By link = By.cssSelector("#detail [data-part='output'] a");
        assertThat(browser.<String>await(d -> d.findElement(link).getAttribute("href"))).isEqualTo("https://example.org/paris");
        assertThat(browser.<String>await(d -> d.findElement(link).getAttribute("rel"))).contains("noopener").contains("noreferrer");
        assertThat(detailText()).contains("gpt-4o").contains("0.3");
        // the trace's totals in its header: the prompt's tokens and cost, the tool's error
        assertThat(browser.text(By.id("total-logs"))).isEqualTo("3");
        assertThat(browser.text(By.id("total-tokens"))).isEqualTo("12");
        assertThat(browser.text(By.id("total-errors"))).isEqualTo("1");
        assertThat(browser.text(By.id("total-cost"))).isEqualTo("$0.0012");
        assertThat(browser.<String>await(d -> d.findElement(By.cssSelector("#rows .row[data-id='" + failing + "']"))
                .getAttribute("class"))).contains("failed");

        // raw JSON, then back to pretty; the URL keeps the choice
        browser.click(By.id("raw-toggle"));
        browser.await(d -> detailText().contains("\"prompt\": {") ? true : null);
        assertThat(browser.driver().getCurrentUrl()).contains("view=raw");
        assertThat(browser.all(By.cssSelector("#detail .msg"))).isEmpty();
        browser.click(By.id("raw-toggle"));
        browser.await(d -> d.findElements(By.cssSelector("#detail .msg")).size() == 4 ? true : null);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("view=raw");

        // the root folds and unfolds by its toggle
        browser.click(By.cssSelector("#rows .row[data-id='" + root + "'] .toggle"));
        awaitRowCount("1 of 3 logs");
        browser.click(By.cssSelector("#rows .row[data-id='" + root + "'] .toggle"));
        awaitRowCount("3 of 3 logs");
        browser.screenshot("detail");
    }

    @Test
    void keysMoveTheSelectionAndTheFilterNarrowsTheRows() {
        String root = flow("Keys", null, 0, null);
        String a = prompt("Alpha", root, 1, 2, null);
        String b = prompt("Beta", root, 3, 4, null);
        String c = prompt("Gamma", root, 5, 6, null);
        openLog(root, null);
        awaitRowCount("4 of 4 logs");
        var rows = browser.driver().findElement(By.id("rows"));
        rows.click();
        browser.await(d -> root.equals(selectedRow()) ? true : null);
        rows.sendKeys("j");
        browser.await(d -> a.equals(selectedRow()) ? true : null);
        awaitDetailOf(a);
        assertThat(browser.driver().getCurrentUrl()).as("the URL holds the selection").endsWith("/ui/logs/" + a);
        rows.sendKeys(Keys.ARROW_DOWN);
        browser.await(d -> b.equals(selectedRow()) ? true : null);
        rows.sendKeys(Keys.ARROW_DOWN);
        browser.await(d -> c.equals(selectedRow()) ? true : null);
        rows.sendKeys("k");
        browser.await(d -> b.equals(selectedRow()) ? true : null);
        rows.sendKeys(Keys.ARROW_LEFT);
        browser.await(d -> root.equals(selectedRow()) ? true : null);
        rows.sendKeys(Keys.ARROW_LEFT);
        awaitRowCount("1 of 4 logs");
        rows.sendKeys(Keys.ARROW_RIGHT);
        awaitRowCount("4 of 4 logs");

        browser.driver().findElement(By.id("filter")).sendKeys("gamma");
        awaitRowCount("2 of 4 logs");
        assertThat(browser.all(By.cssSelector("#rows .row:not([hidden])")).stream()
                .map(e -> e.getAttribute("data-id")).toList()).containsExactly(root, c);
    }

    @Test
    void aLiveTraceGrowsAndCompletesWithoutLosingTheSelectionOrAnEvent() throws Exception {
        String root = flow("Live", null, 0, null);
        String first = prompt("Step", root, 1, 2, null);
        openLog(first, null);
        awaitRowCount("2 of 2 logs");
        browser.await(d -> "live".equals(d.findElement(By.id("live")).getText()) ? true : null);
        List<String> children = new ArrayList<>();
        long deadline = System.nanoTime() + 7_000_000_000L;
        int i = 0;
        // children arrive for seven seconds while the stream is renewed every two: each renewal
        // resumes from the last event id the browser saw
        while (System.nanoTime() < deadline) {
            children.add(prompt("Step", root, 3 + i, 4 + i, null));
            i++;
            Thread.sleep(300); // pacing the writes, not waiting for a result
        }
        awaitRowCount((children.size() + 2) + " of " + (children.size() + 2) + " logs");
        assertThat(Integer.parseInt((String) browser.script("return document.body.dataset.liveConnections")))
                .as("the stream was dropped and resumed").isGreaterThanOrEqualTo(3);
        assertThat(selectedRow()).as("the selection stays").isEqualTo(first);
        // every child written across the reconnections is there (the count would miss a lost one)
        browser.driver().findElement(By.id("filter")).sendKeys(children.getLast());
        awaitRowCount("2 of " + (children.size() + 2) + " logs");
        browser.driver().findElement(By.id("filter")).clear();
        browser.driver().findElement(By.id("filter")).sendKeys(" ");
        assertThat(browser.text(By.id("trace-status"))).isEqualTo("incomplete");
        complete(root);
        browser.await(d -> "complete".equals(d.findElement(By.id("trace-status")).getText()) ? true : null);
        assertThat(browser.text(By.id("total-duration"))).isNotEqualTo("running");
        assertThat(selectedRow()).isEqualTo(first);
    }

    @Test
    void theAsOfScrubberRedrawsTheTraceAsItWas() throws Exception {
        String root = flow("Past", null, 0, null);
        prompt("Before", root, 1, 2, null);
        Thread.sleep(20); // the store keeps milliseconds: the moment below lies strictly between the writes
        Instant between = Instant.now();
        Thread.sleep(20);
        prompt("After", root, 3, 4, null);
        complete(root);

        openLog(root, "as_of=" + between);
        awaitRowCount("2 of 2 logs");
        awaitDetailOf(root);
        assertThat(detailText()).as("not complete yet, no output then").doesNotContain("done");
        assertThat(browser.text(By.id("trace-status"))).isEqualTo("incomplete");
        browser.screenshot("as-of");

        browser.driver().findElement(By.id("now")).click();
        awaitRowCount("3 of 3 logs");
        browser.await(d -> "complete".equals(d.findElement(By.id("trace-status")).getText()) ? true : null);
        awaitDetailOf(root);
        browser.await(d -> detailText().contains("done") ? true : null);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("as_of");

        // the slider itself: moved to the moment between the two children
        browser.script("const s = document.getElementById('as-of'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('change'));", String.valueOf(between.toEpochMilli()));
        awaitRowCount("2 of 2 logs");
        assertThat(browser.driver().getCurrentUrl()).contains("as_of=");
    }

    @Test
    void theHistoryShowsEveryChangeAndAFieldByFieldDiff() {
        String log = ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":1},"output":"one","log_status":"incomplete"}
                """.formatted(quote(path("Changing"))))).get("id").stringValue();
        ok(api.patch("/v5/flows/logs/" + log, "{\"output\":\"two\"}"));
        ok(api.patch("/v5/flows/logs/" + log, "{\"log_status\":\"complete\"}"));
        browser.open("/ui/logs/" + log + "/history");
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.historyReady")));
        assertThat(browser.all(By.cssSelector("#events tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.driver().findElement(By.id("events")).getText()).contains("FlowLogCreated")
                .contains("OutputSet").contains("LogCompleted").contains("TRACEVAULT_API_KEY");
        browser.driver().findElement(By.cssSelector("#events tr[data-sequence='0'] input[name=a]")).click();
        browser.driver().findElement(By.cssSelector("#events tr[data-sequence='1'] input[name=b]")).click();
        browser.await(d -> "0-1".equals(browser.script("return document.body.dataset.diffReady")) ? true : null);
        var output = browser.awaitElement(By.cssSelector("#diff tr[data-field='output']"));
        assertThat(output.getText()).contains("\"one\"").contains("\"two\"");
        assertThat(browser.all(By.cssSelector("#diff tr[data-field='log_status']"))).isEmpty();
        browser.screenshot("history");
    }

    @Test
    void anErasedLogShowsAsATombstone() {
        String root = flow("Erasing", null, 0, null);
        String kept = prompt("Kept", root, 1, 2, null);
        String erased = prompt("Gone", root, 3, 4, "\"metadata\":{\"secret\":\"tombstone-marker\"}");
        assertThat(api.send("DELETE", "/v5/logs?id=" + erased, (String) null, Api.KEY).status()).isEqualTo(204);

        openLog(erased, null);
        // the detail may be drawn again while it is read (live updates): read it whole, within the wait
        String tombstone = browser.await(d -> {
            String text = d.findElement(By.id("tombstone")).getText();
            return text.contains("Erased") ? text : null;
        });
        assertThat(tombstone).contains("Erased").contains(erased);
        assertThat(browser.driver().getPageSource()).doesNotContain("tombstone-marker");
        browser.screenshot("tombstone");

        openLog(root, null);
        browser.await(d -> d.findElements(By.cssSelector("#rows .row[data-id='" + kept + "']")).isEmpty() ? null : true);
        // the erased log either left the tree or stays as a tombstone row: never with its content
        var rows = browser.all(By.cssSelector("#rows .row[data-id='" + erased + "']"));
        rows.forEach(row -> assertThat(row.getAttribute("class")).contains("erased"));
        assertThat(browser.driver().getPageSource()).doesNotContain("tombstone-marker");
    }

    @Test
    void aPersonRecordsAHumanJudgmentThroughTheApisOwnEndpoint() throws Exception {
        String root = flow("Judged", null, 0, null);
        complete(root);
        var evaluator = ok(api.post("/v5/evaluators", """
                {"path":%s,"spec":{"arguments_type":"target_free","return_type":"boolean","evaluator_type":"human"}}
                """.formatted(quote(path("Helpful")))));
        String flowId = ok(api.get("/v5/logs/" + root)).get("flow").get("id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":[{\"evaluator_version_id\":"
                + quote(evaluator.get("version_id").stringValue()) + "}]}"));

        // without the page's CSRF token the session alone records nothing
        var forged = withCookie("POST", "/ui/api/evaluators/log", sessionCookie(),
                "{\"parent_id\":" + quote(root) + ",\"id\":" + quote(evaluator.get("id").stringValue())
                        + ",\"judgment\":false}");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(ok(api.get("/v5/logs/" + root)).get("evaluator_logs")).isEmpty();

        openLog(root, null);
        awaitDetailOf(root);
        browser.click(By.cssSelector("#detail .judge-true"));
        browser.await(d -> detailText().contains("Helpful: ✓") ? true : null);
        JsonNode judgments = ok(api.get("/v5/logs/" + root)).get("evaluator_logs");
        assertThat(judgments).hasSize(1);
        assertThat(judgments.get(0).get("judgment").booleanValue()).isTrue();
        JsonNode history = ok(api.get("/v5/logs/" + judgments.get(0).get("id").stringValue() + "/history"));
        assertThat(history.get("events").get(0).get("api_key").get("id").stringValue())
                .as("attributed to the key the session signed in with").isEqualTo("configured");
        // the judgment shows in the tree's row and in the detail
        browser.await(d -> d.findElements(By.cssSelector("#rows .row[data-id='" + root + "'] .mark-true")).isEmpty()
                ? null : true);
        browser.await(d -> detailText().contains("Helpful: ✓") ? true : null);
    }

    @Test
    void nothingALogHoldsRunsInThePage() {
        String root = ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":%s},"log_status":"incomplete",
                 "metadata":{"note":%s,%s:"key"},"start_time":"%s"}
                """.formatted(quote(path("Hostile " + HOSTILE)), quote(HOSTILE), quote(HOSTILE), quote(HOSTILE),
                at(0)))).get("id").stringValue();
        String prompt = ok(api.post("/v5/prompts/log", """
                {"path":%s,"prompt":{"model":%s,"template":%s},"inputs":{"q":%s},"trace_parent_id":%s,
                 "messages":[{"role":"user","content":%s},{"role":"assistant","content":null,
                 "tool_calls":[{"id":"c1","type":"function","function":{"name":%s,"arguments":%s}}]},
                 {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":%s}]}],
                 "output":%s,"error":%s,"start_time":"%s","end_time":"%s"}
                """.formatted(quote(path("Hostile prompt")), quote(HOSTILE), quote(HOSTILE), quote(HOSTILE), quote(root),
                quote(HOSTILE), quote(HOSTILE), quote("{\"x\":" + quote(HOSTILE) + "}"), quote(HOSTILE),
                quote("# Title\n\n" + HOSTILE + "\n\n- item " + HOSTILE), quote(HOSTILE), at(1), at(2))))
                .get("id").stringValue();
        openLog(prompt, null);
        awaitDetailOf(prompt);
        assertThat(detailText()).as("shown as text").contains("<script>window.__pwned='script'</script>");
        assertNothingRan();
        browser.click(By.id("raw-toggle"));
        awaitDetailOf(prompt);
        assertNothingRan();
        browser.click(By.cssSelector("#rows .row[data-id='" + root + "']"));
        awaitDetailOf(root);
        assertThat(detailText()).contains("onerror");
        assertNothingRan();
        browser.open("/ui/");
        browser.awaitElement(By.cssSelector("#files tbody tr"));
        browser.awaitElement(By.id("file-name")).sendKeys("Hostile");
        browser.await(d -> d.findElement(By.id("files")).getText().contains("<script>") ? true : null);
        assertNothingRan();
        browser.open("/ui/logs/" + prompt + "/history");
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.historyReady")));
        assertNothingRan();
    }

    /** No script of the log's ran, and the page holds no element or link a log could have brought. */
    private void assertNothingRan() {
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(browser.all(By.cssSelector("img"))).isEmpty();
        assertThat(browser.all(By.cssSelector("[onerror], [onclick], [onload]"))).isEmpty();
        assertThat(browser.all(By.cssSelector("a[href^='javascript'], a[href^='JAVASCRIPT'], iframe, object, embed")))
                .isEmpty();
        assertThat(browser.all(By.tagName("script")).stream().map(s -> s.getAttribute("src")).toList())
                .allSatisfy(src -> assertThat(src).startsWith(browser.base() + "/ui/assets/"));
    }

    @Test
    void aOneMegabyteOutputOpensFoldedAndLoadsWhenOpened() {
        String big = "x".repeat(1_048_576);
        String log = ok(api.post("/v5/flows/log", """
                {"path":%s,"flow":{"attributes":{"n":1}},"inputs":{"q":1},"output":"%s"}
                """.formatted(quote(path("Big")), big))).get("id").stringValue();
        openLog(log, null);
        awaitDetailOf(log);
        var unfold = browser.awaitElement(By.cssSelector("#detail [data-part='output'] .unfold"));
        assertThat(unfold.getText()).contains("MB");
        assertThat(((Number) browser.script("return document.getElementById('detail').textContent.length")).longValue())
                .as("folded: the page holds a little of it").isLessThan(20_000);
        unfold.click();
        browser.await(d -> ((Number) browser.script("return document.querySelector(\"#detail [data-part='output']\")"
                + ".textContent.length")).longValue() >= 1_048_576 ? true : null);
    }

    @Test
    void aFilesAnalyticsAreDrawnAsCharts() {
        var created = ok(api.post("/v5/prompts/log", """
                {"path":%s,"prompt":{"model":"gpt-4o"},"inputs":{"q":1},"output":"4","prompt_tokens":5,"output_tokens":1,
                 "prompt_cost":0.01,"output_cost":0.002,"start_time":"%s","end_time":"%s"}
                """.formatted(quote(path("Charted")), Instant.now().minusSeconds(2), Instant.now())));
        String promptId = created.get("prompt_id").stringValue();
        browser.open("/ui/files/prompt/" + promptId);
        browser.await(d -> "true".equals(browser.script("return document.body.dataset.chartsReady")));
        assertThat(browser.all(By.cssSelector(".chart canvas")).size()).isGreaterThanOrEqualTo(4);
        assertThat(browser.driver().findElement(By.id("file-title")).getText()).isEqualTo(path("Charted"));
        browser.screenshot("analytics");
    }

    @Test
    void aLiveStreamResumedFromItsLastEventIdMissesNothingWrittenWhileItWasAway() throws Exception {
        String root = flow("Resume", null, 0, null);
        String cookie = sessionCookie();
        var outline = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(withCookie("GET", "/ui/api/trace/" + root, cookie, null).body());
        String a = prompt("A", root, 1, 2, null);
        var first = live(root, "from=" + outline.get("position").stringValue(), null, cookie, List.of(a));
        assertThat(first.ids()).contains(a);
        // while no stream is open
        String b = prompt("B", root, 3, 4, null);
        String c = prompt("C", root, 5, 6, null);
        var resumed = live(root, null, first.lastEventId(), cookie, List.of(b, c));
        assertThat(resumed.ids()).contains(b, c);
        // a position the server never wrote: read the trace again
        var unknown = live(root, null, "not-a-position", cookie, List.of());
        assertThat(unknown.events()).startsWith("reset");
    }

    /** What a live stream sent until it had shown every log of {@code awaited} (or ended). */
    private record Live(List<String> ids, List<String> events, String lastEventId) {
    }

    private Live live(String traceId, String query, String lastEventId, String cookie, List<String> awaited)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(browser.base() + "/ui/api/traces/" + traceId + "/live"
                + (query == null ? "" : "?" + query))).header("Cookie", "TRACEVAULT_SESSION=" + cookie)
                .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(20));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String last = lastEventId;
        try (var lines = response.body()) {
            var iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("id:")) {
                    last = line.substring(3);
                } else if (line.startsWith("event:")) {
                    events.add(line.substring(6));
                    if (awaited.isEmpty()) {
                        break;
                    }
                } else if (line.startsWith("data:") && line.contains("\"rows\"")) {
                    for (JsonNode row : tools.jackson.databind.json.JsonMapper.builder().build()
                            .readTree(line.substring(5)).get("rows")) {
                        ids.add(row.get("id").stringValue());
                    }
                    if (ids.containsAll(awaited)) {
                        break;
                    }
                }
            }
        }
        return new Live(ids, events, last);
    }

    @Test
    void withoutASessionTheViewerShowsNoDataAndItsPathsCannotBeSpelledAroundTheCheck() throws Exception {
        String root = flow("NoSession", null, 0, "\"metadata\":{\"m\":\"no-session-marker\"}");
        for (String path : List.of("/ui/api/trace/" + root, "/ui/api/logs/" + root, "/ui/api/logs/" + root + "/history",
                "/ui/api/files", "/ui/api/logs?file_id=x", "/ui/api/traces/" + root + "/live",
                "/%75i/api/logs/" + root, "/ui/api/logs/" + root + "/")) {
            var response = http.send(HttpRequest.newBuilder(URI.create(browser.base() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isIn(401, 404);
            assertThat(response.body()).as(path).doesNotContain("no-session-marker").startsWith("{\"detail\"");
        }
        for (String page : List.of("/ui/", "/ui/logs/" + root, "/ui/logs/" + root + "/history", "/")) {
            var response = http.send(HttpRequest.newBuilder(URI.create(browser.base() + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse("")).as(page).matches(".*/ui/(sign-in|)$");
        }
        for (String trick : List.of("/ui;x/api/files", "//ui/api/files", "/ui/./api/files", "/ui/x/../api/files")) {
            var response = http.send(HttpRequest.newBuilder(URI.create(browser.base() + trick)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(trick).isEqualTo(400);
        }
        long before = allEvents();
        var judged = http.send(HttpRequest.newBuilder(URI.create(browser.base() + "/ui/api/evaluators/log"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"parent_id\":" + quote(root) + ",\"path\":\"x\",\"judgment\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(judged.statusCode()).isIn(401, 403);
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void everyAssetComesFromThisServerAndNoPageMayBeFramedOrRunInlineScript() throws Exception {
        String root = flow("Assets", null, 0, null);
        openLog(root, null);
        @SuppressWarnings("unchecked")
        var loaded = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(browser.base() + "/ui/"));
        var page = http.send(HttpRequest.newBuilder(URI.create(browser.base() + "/ui/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains("require-trusted-types-for 'script'").doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.body()).doesNotContain("<script>").doesNotContainPattern("\\son[a-z]+\\s*=");
    }
}
