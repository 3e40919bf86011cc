package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.FaultLoad;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a server acknowledged survives {@code kill -9} and a restart, on both databases, and the
 * restarted server reads it at once: events and log documents commit together.
 */
class DurabilityTest {

    @Test
    void acknowledgedWritesSurviveAKilledProcessOnH2() throws Exception {
        var dataDir = Files.createTempDirectory("tracevault-durability-");
        survivesKill(Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(), "TRACEVAULT_API_KEY", Api.KEY));
    }

    @Test
    void acknowledgedWritesSurviveAKilledProcessOnPostgres() throws Exception {
        survivesKill(Map.of("SPRING_DATASOURCE_URL", TestPostgres.url("durability"),
                "SPRING_DATASOURCE_USERNAME", TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD,
                "TRACEVAULT_API_KEY", Api.KEY));
    }

    @Test
    void acknowledgedWritesSurviveAKillUnderLoadOnH2() throws Exception {
        var dataDir = Files.createTempDirectory("tracevault-durability-load-");
        survivesKillUnderLoad("H2", Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(), "TRACEVAULT_API_KEY", Api.KEY));
    }

    @Test
    void acknowledgedWritesSurviveAKillUnderLoadOnPostgres() throws Exception {
        survivesKillUnderLoad("PostgreSQL", Map.of("SPRING_DATASOURCE_URL", TestPostgres.url("durabilityload"),
                "SPRING_DATASOURCE_USERNAME", TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD,
                "TRACEVAULT_API_KEY", Api.KEY));
    }

    /**
     * {@code kill -9} while 16 clients write: every write acknowledged before the kill is read back
     * after the restart. Prints its figures (docs/reliability.md).
     */
    private void survivesKillUnderLoad(String database, Map<String, String> environment) throws Exception {
        FaultLoad load;
        long killedAt;
        try (var server = new ServerProcess(environment).start()) {
            load = new FaultLoad(server::port, "kill-" + database.toLowerCase(java.util.Locale.ROOT), 16,
                    Duration.ofSeconds(30)).start();
            Thread.sleep(10_000);
            killedAt = load.now();
            server.kill();
            Thread.sleep(500);
            load.stop();
        }
        long restartBegan = System.nanoTime();
        try (var server = new ServerProcess(environment).start()) {
            long restartMillis = (System.nanoTime() - restartBegan) / 1_000_000;
            var outcomes = load.outcomes();
            long fiveHundreds = outcomes.stream().filter(o -> o.status() >= 500).count();
            long beforeKill = outcomes.stream().filter(o -> o.startedMillis() + o.millis() < killedAt).count();
            FaultLoad.Verified verified = load.verify(new Api(server.port()));
            System.out.printf("DurabilityTest (%s): kill -9 under 16 writing clients: %d requests (%d answered before the"
                            + " kill), %d acknowledged, %d 5xx before the kill, %d in flight cut off by the kill; lost"
                            + " %d; the restarted server answered after %d ms%n", database, outcomes.size(), beforeKill,
                    verified.acknowledged(), outcomes.stream().filter(o -> o.status() >= 500
                            && o.startedMillis() + o.millis() < killedAt).count(),
                    outcomes.stream().filter(o -> o.status() == -1 && o.startedMillis() < killedAt).count(),
                    verified.lost(), restartMillis);
            assertThat(verified.acknowledged()).isPositive();
            assertThat(verified.lost()).as("acknowledged writes lost").isZero();
            assertThat(fiveHundreds).as("no 5xx before the kill").isZero();
        }
    }

    private void survivesKill(Map<String, String> environment) throws Exception {
        JsonNode before;
        try (var server = new ServerProcess(environment).start()) {
            Api api = new Api(server.port());
            var created = api.post("/v5/flows/log", """
                    {"path":"durable/Flow","log_id":"durable-1","inputs":{"q":1},"log_status":"incomplete"}""");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                assertThat(api.patch("/v5/flows/logs/durable-1", "{\"metadata\":null,\"output\":\"step " + i + "\"}")
                        .status()).isEqualTo(200);
            }
            var completed = api.patch("/v5/flows/logs/durable-1", "{\"output\":\"final\",\"log_status\":\"complete\"}");
            assertThat(completed.status()).isEqualTo(200);
            before = completed.json();
            server.kill();
        }
        try (var server = new ServerProcess(environment).start()) {
            Api api = new Api(server.port());
            // the event store, at once: every acknowledged change is there, and the log it makes is
            // the one the last PATCH answered
            JsonNode events = api.get("/v5/logs/durable-1/history").json().get("events");
            long last = events.get(events.size() - 1).get("sequence").asLong();
            var rebuilt = api.get("/v5/logs/durable-1?version=" + last);
            assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
            assertThat(rebuilt.json()).isEqualTo(before);
            // the read model, at once too: the log's document was written in the transaction of
            // each acknowledged write, not by a processor that must first reclaim its segment
            var after = api.get("/v5/logs/durable-1");
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(after.json()).isEqualTo(before);
            assertThat(after.json().get("output").stringValue()).isEqualTo("final");
        }
    }
}
