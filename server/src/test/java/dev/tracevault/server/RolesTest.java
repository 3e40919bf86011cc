package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one PostgreSQL database, each with its roles ({@code TRACEVAULT_ROLES}):
 * a write-only instance answers its writes with what another instance's processors projected,
 * refuses reads; two write instances take concurrent changes of one log; an unknown role stops the
 * start.
 */
class RolesTest {

    private static Map<String, String> instance(String database, String roles) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", TestPostgres.url(database));
        environment.put("SPRING_DATASOURCE_USERNAME", TestPostgres.USER);
        environment.put("SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD);
        environment.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "8");
        environment.put("TRACEVAULT_API_KEY", Api.KEY);
        environment.put("TRACEVAULT_ROLES", roles);
        return environment;
    }

    @Test
    void writeOnlyAndReadOnlyInstancesShareOneDatabase() throws Exception {
        // the processors' instance first: it runs the migrations
        try (var reader = new ServerProcess(instance("roles", "read,processors")).start();
             var writer = new ServerProcess(instance("roles", "write")).start();
             var writer2 = new ServerProcess(instance("roles", "write")).start()) {
            Api write = new Api(writer.port());
            Api write2 = new Api(writer2.port());
            Api read = new Api(reader.port());

            var created = write.post("/v5/flows/log", """
                    {"path":"roles/Flow","log_id":"roles-1","inputs":{"q":1},"log_status":"incomplete"}""");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            var patched = write.patch("/v5/flows/logs/roles-1", "{\"output\":\"first\"}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().get("output").stringValue())
                    .as("the write instance answers the log projected by the other instance").isEqualTo("first");

            var refused = write.get("/v5/logs/roles-1");
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.json().get("detail").stringValue()).isEqualTo("Not Found");
            var served = read.get("/v5/logs/roles-1");
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            assertThat(served.json().get("output").stringValue()).isEqualTo("first");
            var writeOnRead = read.patch("/v5/flows/logs/roles-1", "{\"output\":\"nope\"}");
            assertThat(writeOnRead.status()).isEqualTo(404);
            assertThat(read.post("/v5/admin/replay", "{}").status()).isEqualTo(404);
            assertThat(write.post("/v5/admin/replay", "{}").status())
                    .as("a replay runs this instance's processors").isEqualTo(404);
            assertThat(write.send("GET", "/v5/logs/roles-1", (String) null, null).status())
                    .as("no key: 401 before the role").isEqualTo(401);

            // health works in every role; the write-only instance is ready without processors
            var health = write.get("/actuator/health/readiness");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            var details = write.get("/actuator/health");
            assertThat(details.body()).contains("not run by this instance");
            assertThat(read.get("/actuator/health/readiness").status()).isEqualTo(200);

            // 20 concurrent changes of one log through two write instances: every one lands
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Api.Response>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Api via = i % 2 == 0 ? write : write2;
                    String body = "{\"output\":\"step-" + i + "\"}";
                    answers.add(pool.submit(() -> via.patch("/v5/flows/logs/roles-1", body)));
                }
                for (var answer : answers) {
                    var response = answer.get();
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            var history = read.get("/v5/logs/roles-1/history");
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                assertThat(history.body()).as("change %d is in the history", i).contains("\"step-" + i + "\"");
            }
        }
    }

    @Test
    void jsonLogsAreOneJsonObjectPerLine() throws Exception {
        var dataDir = java.nio.file.Files.createTempDirectory("tracevault-json-logs-");
        try (var server = new ServerProcess(Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(),
                "TRACEVAULT_API_KEY", Api.KEY, "TRACEVAULT_LOG_FORMAT", "json")).start()) {
            var started = server.output().lines().filter(line -> line.contains("Started TracevaultApplication")).toList();
            assertThat(started).hasSize(1);
            var line = tools.jackson.databind.json.JsonMapper.builder().build().readTree(started.getFirst());
            assertThat(line.has("@timestamp")).isTrue();
            assertThat(line.get("log").get("level").stringValue()).isEqualTo("INFO");
        }
    }

    @Test
    void anUnknownLogFormatStopsTheStart() throws Exception {
        refusesToStart(Map.of("TRACEVAULT_DATA_DIR", java.nio.file.Files.createTempDirectory("tv-").toString(),
                "TRACEVAULT_LOG_FORMAT", "xml"), "TRACEVAULT_LOG_FORMAT (tracevault.log-format) is 'xml'");
    }

    @Test
    void anUnknownRoleStopsTheStart() throws Exception {
        refusesToStart(instance("rolesbad", "write,reader"), "names an unknown role 'reader'");
    }

    private static void refusesToStart(Map<String, String> environment, String message) throws Exception {
        var server = new ServerProcess(environment);
        try {
            server.start();
            throw new AssertionError("the server started: " + environment);
        } catch (IllegalStateException exited) {
            assertThat(exited.getMessage()).contains(message);
        } finally {
            server.close();
        }
    }
}
