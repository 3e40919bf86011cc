package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.RawHttp;
import dev.tracevault.server.support.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The role filter sees the path the router sees: on a read-only instance a write is a 404 however
 * its path is spelled ({@code /%765/flows/log} is routed as {@code /v5/flows/log}, so it is refused
 * as one), and without a key it is a 401 first.
 */
class RolePathsTest extends ApiContractBase {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("tracevault.roles", () -> "read,processors");
    }

    @Test
    void aReadOnlyInstanceRefusesWritesUnderEverySpellingOfTheirPath() {
        RawHttp raw = new RawHttp(port);
        String body = "{\"path\":\"roles/" + run + "/Flow\",\"inputs\":{\"q\":1},\"output\":\"x\"}";
        long events = allEvents();
        for (String prefix : List.of("/v5", "/%765", "/v%35", "/%76%35")) {
            for (String[] write : List.of(new String[] {"POST", "/flows/log"}, new String[] {"PATCH", "/flows/logs/x"},
                    new String[] {"DELETE", "/logs?id=x"}, new String[] {"POST", "/admin/replay"})) {
                String target = prefix + write[1];
                var served = raw.send(write[0], target, Api.KEY, body);
                assertThat(served.status()).as(write[0] + " " + target + ": " + served.body()).isEqualTo(404);
                assertThat(served.json().get("detail").stringValue()).isEqualTo("Not Found");
                var anonymous = raw.send(write[0], target, null, body);
                assertThat(anonymous.status()).as("without a key, " + write[0] + " " + target).isEqualTo(401);
            }
            // reads are this instance's to serve
            var read = raw.send("GET", prefix + "/logs/unknown-" + run, Api.KEY, null);
            assertThat(read.status()).as(prefix).isEqualTo(404);
            assertThat(read.json().get("detail").stringValue()).contains("unknown-" + run);
        }
        assertThat(allEvents()).isEqualTo(events);
    }
}
