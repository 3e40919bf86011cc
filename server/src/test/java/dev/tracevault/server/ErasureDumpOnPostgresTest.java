package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.db.StoreCleanup;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.MarkedTrace;
import dev.tracevault.server.support.RawBytes;
import dev.tracevault.server.support.TestDatabases;
import dev.tracevault.server.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Erasure on PostgreSQL, as a backup tool sees the database: after an erasure and the server's
 * clean-up (VACUUM of the tables that held content), {@code pg_dump} holds no marker of any content
 * field of the erased logs, neither as text nor as the hex of a binary column, while the markers of
 * logs kept alike are in the same dump.
 */
class ErasureDumpOnPostgresTest extends ApiContractBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "erasuredump");
    }

    @Autowired
    StoreCleanup cleanup;

    @Test
    void aDumpAfterTheCleanUpHoldsNoErasedContent() throws Exception {
        var gone = MarkedTrace.write(api, "GONE", run);
        var kept = MarkedTrace.write(api, "KEEP", run);
        var before = dump();
        assertThat(gone.shown().values()).as("before the erasure the dump holds the content").allMatch(before::contains);

        var erased = api.send("DELETE", "/v5/logs?id=" + gone.rootId, null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        assertThat(cleanup.awaitIdle(Duration.ofSeconds(120))).as("the clean-up ran").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from pg_stat_user_tables where relname = 'log_document'"
                + " and last_vacuum is not null", Long.class)).as("log_document was vacuumed").isEqualTo(1);

        var after = dump();
        gone.markers.forEach((where, marker) -> assertThat(after.contains(marker)).as("erased " + where).isFalse());
        kept.shown().forEach((where, marker) -> assertThat(after.contains(marker)).as("kept " + where).isTrue());
    }

    private static RawBytes dump() throws Exception {
        String url = TestPostgres.url("erasuredump");
        String database = url.substring(url.lastIndexOf('/') + 1);
        Path out = Files.createTempFile("tracevault-dump-", ".sql");
        var builder = new ProcessBuilder(pgDump(), "-h", "127.0.0.1", "-U", TestPostgres.USER, "-f", out.toString(),
                database).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestPostgres.PASSWORD);
        var process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        var raw = RawBytes.of(out);
        Files.delete(out);
        return raw;
    }

    private static String pgDump() throws Exception {
        for (String candidate : List.of("/usr/lib/postgresql/18/bin/pg_dump", "/usr/lib/postgresql/17/bin/pg_dump",
                "/usr/lib/postgresql/16/bin/pg_dump", "/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "pg_dump";
    }
}
