package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.DatabaseScan;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar tracevault.jar keys create|list|revoke} against the store of a running server:
 * a created key works within seconds, a revoked one stops working within seconds, and the secret
 * is printed once and never stored.
 */
class ApiKeyCommandLineTest {

    private record Run(int exit, String output) {
    }

    @Test
    void keysAreCreatedListedAndRevokedWhileTheServerRuns() throws Exception {
        Map<String, String> environment = Map.of("SPRING_DATASOURCE_URL", TestPostgres.url("keys"),
                "SPRING_DATASOURCE_USERNAME", TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD,
                "TRACEVAULT_API_KEY", Api.KEY);
        try (var server = new ServerProcess(environment).start()) {
            Run created = keys(environment, "create", "ops team");
            assertThat(created.exit()).as(created.output()).isZero();
            List<String> lines = created.output().lines().filter(l -> !l.isBlank()).toList();
            String secret = lines.getLast().trim();
            String id = lines.stream().filter(l -> l.startsWith("created key ")).findFirst().orElseThrow()
                    .split(" ")[2];
            assertThat(secret).startsWith("tv_");

            assertThat(awaitStatus(server.port(), secret, 404, Duration.ofSeconds(20)))
                    .as("the new key is accepted (an unknown log is a 404, not a 401)").isEqualTo(404);

            Run listed = keys(environment, "list");
            assertThat(listed.output()).contains(id).contains("ops team").doesNotContain(secret);
            var store = new org.springframework.jdbc.datasource.DriverManagerDataSource(TestPostgres.url("keys"),
                    TestPostgres.USER, TestPostgres.PASSWORD);
            assertThat(DatabaseScan.find(store, secret)).as("the secret is in no column of any table").isEmpty();
            String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(DatabaseScan.find(store, hash)).as("its SHA-256 is what is kept").containsExactly("api_key.key_hash");

            Run revoked = keys(environment, "revoke", id);
            assertThat(revoked.exit()).as(revoked.output()).isZero();
            assertThat(awaitStatus(server.port(), secret, 401, Duration.ofSeconds(20))).isEqualTo(401);
        }
    }

    @Test
    void aWrongCommandPrintsTheUsage() {
        var err = new java.io.ByteArrayOutputStream();
        int exit = dev.tracevault.server.security.KeysCommand.run(new String[] {"keys", "rename"}, null, System.out,
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar tracevault.jar keys");
    }

    private static int awaitStatus(int port, String key, int wanted, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = new Api(port).send("GET", "/v5/logs/no-such-log", null, key).status();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(500);
        }
        return status;
    }

    private static Run keys(Map<String, String> environment, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tracevault.server.TracevaultApplication", "keys"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
