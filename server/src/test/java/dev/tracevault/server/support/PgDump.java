package dev.tracevault.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code pg_dump} and {@code psql} against this run's test databases ({@link TestPostgres}), as a backup is made and restored. */
public final class PgDump {

    private PgDump() {
    }

    /** A plain SQL dump of this run's database called {@code name}. */
    public static Path dump(String name) throws Exception {
        Path out = Files.createTempFile("tracevault-dump-", ".sql");
        var target = Target.of(name);
        run(tool("pg_dump"), "-h", target.host(), "-p", target.port(), "-U", TestPostgres.USER, "-f", out.toString(),
                target.database());
        return out;
    }

    /** Loads {@code dump} into this run's (new, empty) database called {@code name}. */
    public static void restore(Path dump, String name) throws Exception {
        var target = Target.of(name);
        run(tool("psql"), "-h", target.host(), "-p", target.port(), "-U", TestPostgres.USER, "-v", "ON_ERROR_STOP=1",
                "-q", "-f", dump.toString(), target.database());
    }

    /** Host, port and database of this run's database called {@code name} (created if new). */
    private record Target(String host, String port, String database) {

        static Target of(String name) {
            var uri = java.net.URI.create(TestPostgres.url(name).substring("jdbc:".length()));
            return new Target(uri.getHost(), String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
                    uri.getPath().substring(1));
        }
    }

    private static void run(String... command) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestPostgres.PASSWORD);
        var process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** The newest installed client, which can dump any older server. */
    private static String tool(String name) {
        for (String version : List.of("18", "17", "16", "15", "14", "13")) {
            Path candidate = Path.of("/usr/lib/postgresql", version, "bin", name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }
}
