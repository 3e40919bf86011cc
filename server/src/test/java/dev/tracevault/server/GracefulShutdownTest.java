package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -TERM} (how an orchestrator stops an instance): a request in progress — an export
 * read slowly, so that it is still streaming when the signal comes — is answered to its last byte,
 * the processors give their segments back (no owner left in {@code token_entry}, so another
 * instance claims them at once instead of after the claim timeout), and the process ends by itself.
 */
class GracefulShutdownTest {

    private static final int LOGS = 120;

    private static Map<String, String> instance() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", TestPostgres.url("graceful"));
        environment.put("SPRING_DATASOURCE_USERNAME", TestPostgres.USER);
        environment.put("SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD);
        environment.put("TRACEVAULT_API_KEY", Api.KEY);
        return environment;
    }

    private static long segments(String condition) throws Exception {
        try (var c = DriverManager.getConnection(TestPostgres.url("graceful"), TestPostgres.USER, TestPostgres.PASSWORD);
             var rs = c.createStatement().executeQuery("select count(*) from token_entry where " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aStoppingInstanceAnswersItsRequestsInProgressAndReleasesItsSegments() throws Exception {
        String exported;
        try (var server = new ServerProcess(instance()).start()) {
            var api = new Api(server.port());
            String output = "o".repeat(60_000); // ~7 MB of export: more than the socket buffers hold
            try (var clients = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < LOGS; i++) {
                    int n = i;
                    clients.submit(() -> {
                        var created = api.post("/v5/flows/log", """
                                {"path":"graceful/Flow","inputs":{"n":%d},"output":"%s"}""".formatted(n, output));
                        assertThat(created.status()).as(created.body()).isEqualTo(200);
                        return null;
                    });
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (segments("owner is not null") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(segments("owner is not null")).as("the running instance holds segments").isPositive();

            var export = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/v5/export").toURL()
                    .openConnection();
            export.setRequestProperty("X-API-KEY", Api.KEY);
            export.setReadTimeout(60_000);
            var received = new ByteArrayOutputStream();
            try (InputStream in = export.getInputStream()) {
                byte[] chunk = new byte[32 * 1024];
                received.write(chunk, 0, in.readNBytes(chunk, 0, chunk.length));
                server.terminate(); // the export has begun and is far from done
                long slow = System.nanoTime();
                for (int read; (read = in.read(chunk)) != -1; ) {
                    received.write(chunk, 0, read);
                    Thread.sleep(10);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - slow)).as("still streaming after the signal")
                        .isGreaterThan(Duration.ofMillis(500));
            }
            exported = received.toString(StandardCharsets.UTF_8);
            assertThat(exported).endsWith("\n");
            assertThat(exported.lines().filter(line -> line.contains("FlowLogCreated")).count())
                    .as("every log's creation, to the last line").isEqualTo(LOGS);

            var exit = server.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the process ends by itself").isPresent();
            assertThat(server.output()).contains("Graceful shutdown complete");
            assertThat(segments("owner is not null")).as("every segment released").isZero();
        }

        try (var again = new ServerProcess(instance()).start()) {
            var export = new Api(again.port()).get("/v5/export");
            assertThat(export.status()).isEqualTo(200);
            assertThat(exported).as("the export answered during the shutdown is the whole store").isEqualTo(export.body());
        }
    }
}
