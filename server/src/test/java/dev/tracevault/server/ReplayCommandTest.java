package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar tracevault.jar replay}: the real main class in a process of its own, asking a
 * running server (another process) to rebuild its read model, drawing the progress until done.
 */
class ReplayCommandTest {

    record Run(int exitCode, String stderr) {
    }

    private static Run replay(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), TracevaultApplication.class.getName(),
                "replay"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().remove("TRACEVAULT_API_KEY");
        var stderr = Files.createTempFile("tracevault-replay-", ".err");
        Process process = builder.redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return new Run(process.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    @Test
    void theCommandReplaysARunningServersReadModelAndDrawsItsProgress() throws Exception {
        var dataDir = Files.createTempDirectory("tracevault-replay-cli-");
        try (var server = new ServerProcess(Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(),
                "TRACEVAULT_API_KEY", Api.KEY)).start()) {
            Api api = new Api(server.port());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                var created = api.post("/v5/flows/log", "{\"path\":\"cli/Flow\",\"inputs\":{\"i\":" + i + "},"
                        + "\"output\":\"o\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(200);
                ids.add(created.json().get("id").stringValue());
            }
            List<String> before = ids.stream().map(id -> api.get("/v5/logs/" + id).body()).toList();
            String url = "http://127.0.0.1:" + server.port();

            Run run = replay("--url", url, "--api-key", Api.KEY, "--projection", "logs");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains("replaying logs").contains("100%").contains("done in");
            assertThat(ids.stream().map(id -> api.get("/v5/logs/" + id).body()).toList()).isEqualTo(before);

            Run wrongKey = replay("--url=" + url, "--api-key=wrong");
            assertThat(wrongKey.exitCode()).isEqualTo(2);
            assertThat(wrongKey.stderr()).contains("refused the API key");
            Run unknown = replay("--url", url, "--api-key", Api.KEY, "--projection", "nope");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.stderr()).contains("not a read model");
        }
    }

    @Test
    void withoutAServerTheCommandSaysSo() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = replay("--url", "http://127.0.0.1:" + port, "--api-key", "k");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no Tracevault server answers at http://127.0.0.1:" + port);
        Run noKey = replay("--url", "http://127.0.0.1:" + port);
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.stderr()).contains("--api-key");
        Run usage = replay("--frobnicate");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("usage: java -jar tracevault.jar replay");
    }
}
