package dev.tracevault.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own, in a temporary directory, on a free port: a test may stop
 * and start it (never the shared server the other tests use). Made with {@code initdb} and
 * {@code pg_ctl} from {@code /usr/lib/postgresql/<version>/bin}; as root they run as the
 * {@code postgres} user. {@link #unavailableBecause()} tells why it cannot be made here.
 */
public final class OwnPostgres implements AutoCloseable {

    private static final Path BIN = findBin();

    private final Path dir;
    private final int port;

    private OwnPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Why no cluster of its own can be made here, if it cannot. */
    public static Optional<String> unavailableBecause() {
        if (BIN == null) {
            return Optional.of("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin");
        }
        if (root() && !runsAsPostgres()) {
            return Optional.of("running as root, but 'runuser -u postgres' does not work here");
        }
        return Optional.empty();
    }

    /** Creates the cluster (trust authentication, user postgres) and starts it. */
    public static OwnPostgres create() throws Exception {
        Path dir = Files.createTempDirectory("tracevault-own-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var cluster = new OwnPostgres(dir, port);
        if (root()) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        cluster.asPostgres(Duration.ofMinutes(2), BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        cluster.start();
        try (var c = DriverManager.getConnection(cluster.url("postgres"), "postgres", "")) {
            c.createStatement().execute("create database tracevault");
        }
        return cluster;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public void start() throws Exception {
        asPostgres(Duration.ofMinutes(1), BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** {@code pg_ctl stop -m fast}: open sessions are ended, as at a restart. */
    public void stop() throws Exception {
        asPostgres(Duration.ofMinutes(1), BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-m", "fast", "-w", "stop");
    }

    /** Whether it answers now. */
    public boolean answers() {
        try (var c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            asPostgres(Duration.ofMinutes(1), BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "stop");
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private void asPostgres(Duration timeout, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        run(line, timeout);
    }

    private static void run(List<String> command) throws Exception {
        run(command, Duration.ofMinutes(1));
    }

    private static void run(List<String> command, Duration timeout) throws Exception {
        Path output = Files.createTempFile("tracevault-own-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean runsAsPostgres() {
        try {
            Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path findBin() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (var versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl"))
                    && Files.isExecutable(b.resolve("initdb"))).sorted().reduce((a, b) -> b).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
