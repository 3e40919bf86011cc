package dev.tracevault.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged server ({@code java -Xmx512m -jar tracevault.jar}) as a child process. */
final class ServerProcess {

    private final Path java;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;
    private long launchedAt;

    ServerProcess(Path java, Path jar, List<String> jvmOptions, Map<String, String> environment, Path log)
            throws IOException {
        this.java = java;
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.environment = environment;
        this.log = log;
        this.port = freePort();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Launches the process; returns the launch instant (System.nanoTime). */
    long launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("TRACEVAULT_") || k.equals("SERVER_PORT")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.putAll(environment);
        env.put("SERVER_PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        launchedAt = System.nanoTime();
        process = builder.start();
        return launchedAt;
    }

    /**
     * Waits until an authenticated {@code GET /v5/logs/{unknown}} is answered 404: HTTP is up, the
     * key is accepted and the query side answers. Returns that instant (System.nanoTime).
     */
    long awaitReady(Api api, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            }
            Api.Response probe = api.get("/v5/logs/bench-readiness-probe");
            if (probe.status() == 404) {
                return probe.endNanos();
            }
            if (probe.status() > 0 && probe.status() != 503) {
                throw new IllegalStateException("unexpected readiness answer " + probe.status() + " " + Json.clip(probe.body()));
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("server not ready after " + max + "; see " + log);
    }

    /** SIGTERM (graceful shutdown), then SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Lines of the server log that report errors (a quick health check for the report). */
    long errorLines() {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR ") || l.contains("OutOfMemoryError")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    /** The deepest cause of the first exception in the server log, for a report that says why. */
    String firstProblem() {
        try (var lines = Files.lines(log)) {
            List<String> all = lines.toList();
            String first = null;
            for (int i = 0; i < all.size(); i++) {
                String line = all.get(i);
                if (first == null && (line.contains(" ERROR ") || line.contains(" WARN ")) && i + 2 < all.size()
                        && all.get(i + 2).startsWith("org.")) {
                    first = all.get(i + 2);
                }
                if (first != null && line.startsWith("Caused by: ")) {
                    first = line.substring("Caused by: ".length());
                }
                if (first != null && line.isBlank() && i > 0 && all.get(i - 1).trim().startsWith("...")) {
                    break;
                }
            }
            return first;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
