package dev.tracevault.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server as a separate operating-system process (the test classpath, the real main class), so
 * tests can kill it the hard way and start it again.
 */
public final class ServerProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int port;

    public ServerProcess(Map<String, String> environment) throws IOException {
        this.environment = environment;
        this.log = Files.createTempFile("tracevault-server-", ".log");
    }

    public int port() {
        return port;
    }

    /** What the process printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Starts the server and waits until it answers HTTP. */
    public ServerProcess start() throws Exception {
        port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tracevault.server.TracevaultApplication");
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            try {
                if (api.send("GET", "/v5/logs/ping", (String) null, null).status() == 401) {
                    return this;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not start in time: " + Files.readString(log));
    }

    /** {@code kill -9}: no shutdown hooks, no flushing, nothing graceful. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** {@code kill -TERM}, as an orchestrator stops a container; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end: its exit code, or empty if it still runs after {@code timeout}. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
