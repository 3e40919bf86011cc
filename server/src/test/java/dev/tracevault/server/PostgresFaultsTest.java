package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database (the shared test server, a database of this run's own):
 * children created concurrently under one trace through both instances all succeed (the conflict
 * on the trace's root is retried by the write path, never a 500); and a commit the database never
 * confirms (its session ends during the commit) is answered as {@code outcome_unknown}, after which
 * the same request is idempotent. Prints its figures (docs/reliability.md).
 */
class PostgresFaultsTest {

    private static ServerProcess first;
    private static ServerProcess second;

    private static Map<String, String> instance() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", TestPostgres.url("pgfaults"));
        environment.put("SPRING_DATASOURCE_USERNAME", TestPostgres.USER);
        environment.put("SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD);
        environment.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "10");
        environment.put("TRACEVAULT_API_KEY", Api.KEY);
        return environment;
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        first = new ServerProcess(instance()).start(); // runs the migrations
        second = new ServerProcess(instance()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void childrenCreatedUnderOneTraceThroughTwoInstancesAllSucceed() throws Exception {
        Api one = new Api(first.port());
        Api two = new Api(second.port());
        var root = one.post("/v5/flows/log", """
                {"path":"faults/race-root","log_id":"race-root","inputs":{"q":1},"log_status":"incomplete"}""");
        assertThat(root.status()).as(root.body()).isEqualTo(200);

        int children = 300;
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        try {
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < children; i++) {
                Api via = i % 2 == 0 ? one : two;
                String body = "{\"path\":\"faults/race-child\",\"log_id\":\"race-child-" + i + "\",\"prompt\":{\"model\":"
                        + "\"m\"},\"inputs\":{},\"output\":\"o\",\"trace_parent_id\":\"race-root\"}";
                answers.add(pool.submit(() -> {
                    start.await();
                    long t0 = System.nanoTime();
                    var created = via.post("/v5/prompts/log", body);
                    if (created.status() != 200) {
                        synchronized (failures) {
                            failures.add(created.status() + " " + created.body());
                        }
                    }
                    return new long[] {created.status(), (System.nanoTime() - t0) / 1_000_000};
                }));
            }
            start.countDown();
            for (var answer : answers) {
                long[] result = answer.get();
                statuses.merge((int) result[0], 1, Integer::sum);
                slowest = Math.max(slowest, result[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        var tree = one.get("/v5/logs/race-root");
        int inTree = tree.json().get("trace_children").size();
        long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue)
                .sum();
        System.out.printf("PostgresFaultsTest: %d child creates under one trace through two instances: statuses %s,"
                + " %d 5xx, slowest %d ms, %d children in the root's tree%n", children, statuses, fiveHundreds, slowest,
                inTree);

        assertThat(failures).as("every child create answered 200").isEmpty();
        assertThat(inTree).isEqualTo(children);
    }

    @Test
    void aCommitTheDatabaseNeverConfirmsIsAnsweredAsOutcomeUnknownAndItsRetryIsIdempotent() throws Exception {
        // the session of the transaction that appends this log's first event ends during its commit
        // (a deferred trigger terminates its own backend), once
        try (var c = DriverManager.getConnection(TestPostgres.url("pgfaults"), TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("create sequence if not exists lost_commit");
            c.createStatement().execute("""
                    create or replace function lose_commit() returns trigger language plpgsql as $$
                    begin
                      if new.aggregate_identifier = 'lost-commit' and nextval('lost_commit') = 1 then
                        perform pg_terminate_backend(pg_backend_pid());
                        perform pg_sleep(5);
                      end if;
                      return null;
                    end $$""");
            c.createStatement().execute("""
                    create constraint trigger lose_commit after insert on domain_event_entry
                    deferrable initially deferred for each row execute function lose_commit()""");
        }
        String body = """
                {"path":"faults/lost","log_id":"lost-commit","inputs":{"q":1},"output":"o","log_status":"incomplete"}""";
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/v5/flows/log"))
                .timeout(Duration.ofSeconds(30)).header("X-API-KEY", Api.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        var lost = http.send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Api api = new Api(first.port());
        boolean storedAfterLoss = api.get("/v5/logs/lost-commit").status() == 200;
        var retried = api.post("/v5/flows/log", body);
        var again = api.post("/v5/flows/log", body);
        var events = api.get("/v5/logs/lost-commit/history").json().get("events");
        System.out.printf("PostgresFaultsTest: a commit never confirmed: %d %s in %d ms (Retry-After %s); stored: %s;"
                        + " the same request again: %d, and again: %d; %d event(s)%n", lost.statusCode(), lost.body(),
                millis, lost.headers().firstValue("retry-after").orElse("none"), storedAfterLoss, retried.status(),
                again.status(), events.size());

        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
        assertThat(lost.body()).contains("\"type\":\"outcome_unknown\"");
        assertThat(lost.headers().firstValue("retry-after")).isPresent();
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(retried.json());
        assertThat(events.size()).as("created once").isEqualTo(1);
    }
}
