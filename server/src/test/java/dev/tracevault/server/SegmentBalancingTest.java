package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two instances running processors on one PostgreSQL database share the segments (the first one
 * started claims them all; the balancer makes it release its surplus); when one is killed, the
 * other takes every segment over and keeps projecting.
 */
class SegmentBalancingTest {

    private static Map<String, String> instance() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", TestPostgres.url("balance"));
        environment.put("SPRING_DATASOURCE_USERNAME", TestPostgres.USER);
        environment.put("SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD);
        environment.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "8");
        environment.put("TRACEVAULT_API_KEY", Api.KEY);
        environment.put("TRACEVAULT_ROLES", "write,read,processors");
        environment.put("TRACEVAULT_SEGMENTS_BALANCE_INTERVAL", "PT1S");
        return environment;
    }

    private static Set<String> owners() throws Exception {
        try (var c = DriverManager.getConnection(TestPostgres.url("balance"), TestPostgres.USER, TestPostgres.PASSWORD);
             var rs = c.createStatement().executeQuery("select owner from token_entry where owner is not null")) {
            Set<String> owners = new HashSet<>();
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
            return owners;
        }
    }

    private static long unowned() throws Exception {
        try (var c = DriverManager.getConnection(TestPostgres.url("balance"), TestPostgres.USER, TestPostgres.PASSWORD);
             var rs = c.createStatement().executeQuery("select count(*) from token_entry where owner is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twoInstancesShareTheSegmentsAndTheSurvivorTakesThemAll() throws Exception {
        try (var first = new ServerProcess(instance()).start()) {
            var second = new ServerProcess(instance()).start();
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (owners().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(owners()).as("both instances hold segments").hasSize(2);
            } finally {
                second.kill();
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((owners().size() != 1 || unowned() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(owners()).as("the survivor holds every segment").hasSize(1);
            assertThat(unowned()).isZero();

            var api = new Api(first.port());
            var created = api.post("/v5/flows/log", """
                    {"path":"balance/Flow","inputs":{"q":1},"output":"after the kill"}""");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            var read = api.get("/v5/logs/" + created.json().get("id").stringValue());
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("output").stringValue()).as("projected by the survivor").isEqualTo("after the kill");
        }
    }
}
