package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster fault test ({@code deploy/loopback/fault-test.sh}) as part of {@code mvn verify}: it
 * runs after {@code package}, on the packaged jar. The script starts the loopback cluster (fresh
 * PostgreSQL database, two command-side and one query-side instance, nginx in front), writes
 * through nginx while one instance is killed with {@code kill -9}, and checks that every
 * acknowledged write is readable, every completed log was judged exactly once, and the read model
 * equals a fresh replay. Its output is in the build log.
 */
class ClusterFaultIT {

    @Test
    void theLoopbackClusterSurvivesAKillUnderLoad() throws Exception {
        Path server = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path repository = server.getParent();
        Path jar = server.resolve("target/tracevault.jar");
        Path script = repository.resolve("deploy/loopback/fault-test.sh");
        assertThat(jar).as("the packaged server").exists();
        assertThat(script).exists();

        // Its output goes through System.out: the forked test JVM's own stdout is Maven's channel.
        var builder = new ProcessBuilder("bash", script.toString()).directory(repository.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TRACEVAULT_JAR", jar.toString());
        postgresSettings(builder);
        Process process = builder.start();
        Thread pump = Thread.ofPlatform().daemon().name("fault-test-output").start(() -> {
            var output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
            try (var lines = new BufferedReader(output)) {
                lines.lines().forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("(fault test output lost: " + e + ")");
            }
        });
        try {
            boolean finished = process.waitFor(12, TimeUnit.MINUTES);
            assertThat(finished).as("the fault test finished within 12 minutes").isTrue();
            pump.join(5000);
            assertThat(process.exitValue()).as("the fault test's exit status (its output is above)").isZero();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The PostgreSQL server the other tests use ({@code TRACEVAULT_TEST_PG_*}), for psql. */
    private static void postgresSettings(ProcessBuilder builder) {
        String url = System.getenv("TRACEVAULT_TEST_PG_URL");
        if (url != null && url.startsWith("jdbc:postgresql://")) {
            String authority = url.substring("jdbc:postgresql://".length()).split("/", 2)[0];
            int colon = authority.lastIndexOf(':');
            builder.environment().put("PGHOST", colon < 0 ? authority : authority.substring(0, colon));
            if (colon >= 0) {
                builder.environment().put("PGPORT", authority.substring(colon + 1));
            }
        }
        copy(builder, "TRACEVAULT_TEST_PG_USER", "PGUSER");
        copy(builder, "TRACEVAULT_TEST_PG_PASSWORD", "PGPASSWORD");
    }

    private static void copy(ProcessBuilder builder, String from, String to) {
        String value = System.getenv(from);
        if (value != null && !value.isBlank()) {
            builder.environment().put(to, value);
        }
    }
}
