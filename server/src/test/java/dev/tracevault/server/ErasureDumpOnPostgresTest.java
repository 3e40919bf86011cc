package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.db.StoreCleanup;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.MarkedTrace;
import dev.tracevault.server.support.PgDump;
import dev.tracevault.server.support.RawBytes;
import dev.tracevault.server.support.TestDatabases;
import java.nio.file.Files;
import java.time.Duration;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long vacuumed = 0;
        while (vacuumed == 0 && System.nanoTime() < deadline) { // statistics are reported shortly after
            vacuumed = jdbc.queryForObject("select count(*) from pg_stat_user_tables where relname = 'log_document'"
                    + " and last_vacuum is not null", Long.class);
            Thread.sleep(200);
        }
        assertThat(vacuumed).as("log_document was vacuumed").isEqualTo(1);

        var after = dump();
        gone.markers.forEach((where, marker) -> assertThat(after.contains(marker)).as("erased " + where).isFalse());
        kept.shown().forEach((where, marker) -> assertThat(after.contains(marker)).as("kept " + where).isTrue());
    }

    private static RawBytes dump() throws Exception {
        var file = PgDump.dump("erasuredump");
        var raw = RawBytes.of(file);
        Files.delete(file);
        return raw;
    }
}
