package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.FaultLoad;
import dev.tracevault.server.support.OwnPostgres;
import dev.tracevault.server.support.ServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again under write load, on a cluster of the test's own (another
 * port; the shared server is never stopped): while it is down every request answers at once
 * (503 with {@code Retry-After}, or {@code outcome_unknown} for a commit it never confirmed), never
 * a 500 and never a hang; when it is back the server takes writes again by itself; no acknowledged
 * write is lost, nothing refused as "not stored" is stored, and a write of unknown outcome sent again
 * is stored once. Prints its figures (docs/reliability.md).
 */
class DatabaseRestartTest {

    /** A database that cannot be reached is answered within this (Hikari's connection-timeout is 1.5 s). */
    private static final long ANSWER_WITHIN_MILLIS = 2000;
    /** On a busy test machine, a little more before the test calls it a hang. */
    private static final long SLACK_MILLIS = 1000;

    @Test
    void writesAreAnsweredAtOnceWhilePostgresRestartsAndNoneIsLost() throws Exception {
        var unavailable = OwnPostgres.unavailableBecause();
        if (unavailable.isPresent()) {
            System.out.println("DatabaseRestartTest skipped: " + unavailable.get());
        }
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));

        try (var postgres = OwnPostgres.create();
             var server = new ServerProcess(Map.of("SPRING_DATASOURCE_URL", postgres.url("tracevault"),
                     "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "",
                     "TRACEVAULT_API_KEY", Api.KEY)).start()) {
            Api api = new Api(server.port());
            var load = new FaultLoad(server::port, "pg-restart", 8, Duration.ofSeconds(30)).start();
            Thread.sleep(5000);
            long stoppedAt = load.now();
            postgres.stop();
            long down = load.now();
            Thread.sleep(10_000);

            // a read is answered the same way
            String acknowledged = load.outcomes().stream().filter(o -> o.status() == 200).findFirst().orElseThrow().logId();
            var reader = java.net.http.HttpClient.newHttpClient();
            long r0 = System.nanoTime();
            var read = reader.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + server.port() + "/v5/logs/" + acknowledged)).header("X-API-KEY", Api.KEY)
                    .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            long readMillis = (System.nanoTime() - r0) / 1_000_000;
            System.out.printf("DatabaseRestartTest: a read while PostgreSQL was down: %d %s in %d ms%n",
                    read.statusCode(), read.body(), readMillis);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
            assertThat(read.headers().firstValue("retry-after")).isPresent();
            assertThat(readMillis).isLessThanOrEqualTo(ANSWER_WITHIN_MILLIS + SLACK_MILLIS);

            // health says so while it is down
            var health = api.get("/actuator/health");
            assertThat(health.status()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"database\"");

            long startedAt = load.now();
            postgres.start();
            long up = load.now();
            Thread.sleep(8000);
            load.stop();

            var outcomes = load.outcomes();
            var during = outcomes.stream().filter(o -> o.startedMillis() >= down && o.startedMillis() < startedAt).toList();
            long fiveHundreds = outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503 && o.status() != 507)
                    .count();
            long noAnswer = outcomes.stream().filter(o -> o.status() == -1).count();
            long refusals = outcomes.stream().filter(o -> o.status() == 503 || o.status() == 507).count();
            long withoutRetryAfter = outcomes.stream().filter(o -> o.status() == 503 && o.retryAfter().isEmpty()).count();
            long unknown = outcomes.stream().filter(o -> "outcome_unknown".equals(o.type())).count();
            long slowestDown = during.stream().mapToLong(FaultLoad.Outcome::millis).max().orElse(0);
            long[] downMillis = during.stream().mapToLong(FaultLoad.Outcome::millis).sorted().toArray();
            long medianDown = downMillis.length == 0 ? 0 : downMillis[downMillis.length / 2];
            var slowestOutcome = outcomes.stream().max(java.util.Comparator.comparingLong(FaultLoad.Outcome::millis))
                    .orElseThrow();
            long slowest = slowestOutcome.millis();
            long recovered = outcomes.stream().filter(o -> o.status() == 200 && o.startedMillis() >= startedAt)
                    .mapToLong(o -> o.startedMillis() + o.millis()).min().orElse(-1);
            FaultLoad.Verified verified = load.verify(api);

            System.out.printf("DatabaseRestartTest: %d requests (%d while PostgreSQL was down), %d acknowledged,"
                            + " %d answered 503/507 (%d outcome_unknown), %d other 5xx, %d without an answer;"
                            + " answers while down took %d ms (median) to %d ms, slowest overall %d ms (a %d sent %d ms after the stop began); stop took %d ms, start %d ms;"
                            + " first acknowledged write %d ms after the start began (%d ms after it was up);"
                            + " lost %d, refused but stored %d, unknown outcome stored %d / not stored %d, retry failed %d%n",
                    outcomes.size(), during.size(), verified.acknowledged(), refusals, unknown, fiveHundreds, noAnswer,
                    medianDown, slowestDown, slowest, slowestOutcome.status(), slowestOutcome.startedMillis() - stoppedAt,
                    down - stoppedAt, up - startedAt, recovered - startedAt, recovered - up,
                    verified.lost(), verified.refusedButStored(), verified.unknownStored(), verified.unknownNotStored(),
                    verified.unknownRetryFailed());

            assertThat(during).as("requests were sent while PostgreSQL was down").isNotEmpty();
            assertThat(fiveHundreds).as("no 500 (or other 5xx than 503/507)").isZero();
            assertThat(noAnswer).as("every request got an answer").isZero();
            assertThat(withoutRetryAfter).as("every 503 has Retry-After").isZero();
            assertThat(slowestDown).as("answered within %d ms while down", ANSWER_WITHIN_MILLIS)
                    .isLessThanOrEqualTo(ANSWER_WITHIN_MILLIS + SLACK_MILLIS);
            assertThat(recovered).as("writes acknowledged again after PostgreSQL came back").isPositive();
            assertThat(verified.lost()).as("acknowledged writes lost").isZero();
            assertThat(verified.refusedButStored()).as("writes refused as 'nothing was stored' that were stored").isZero();
            assertThat(verified.unknownRetryFailed()).as("outcome_unknown writes whose retry failed").isZero();
            // Readiness comes back by itself: the processors' health stays DOWN for a while after their last
            // failure (ProcessorsHealth), so it is awaited, not expected at once.
            long readyBy = System.currentTimeMillis() + 90_000;
            var ready = api.get("/actuator/health/readiness");
            while (ready.status() != 200 && System.currentTimeMillis() < readyBy) {
                Thread.sleep(1000);
                ready = api.get("/actuator/health/readiness");
            }
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        }
    }
}
