package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.db.StoreCleanup;
import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.MarkedTrace;
import dev.tracevault.server.support.PgDump;
import dev.tracevault.server.support.RawBytes;
import dev.tracevault.server.support.TestDatabases;
import dev.tracevault.server.support.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The strong promise, with the keys in a database of their own ({@code tracevault.keys.url}): a
 * backup of the main database holds no content in the clear at all (events and read model are
 * sealed, the listing keeps no text), and once a log is erased its key is gone from the key store,
 * so a server on that backup, restored, reads the other logs but not the erased one.
 */
class SeparateKeyStoreOnPostgresTest extends ApiContractBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "keysmain");
        registry.add("tracevault.keys.url", () -> TestPostgres.url("keysapart"));
        registry.add("tracevault.keys.username", () -> TestPostgres.USER);
        registry.add("tracevault.keys.password", () -> TestPostgres.PASSWORD);
    }

    @Autowired
    StoreCleanup cleanup;

    @Test
    void aBackupOfTheMainDatabaseCannotReadAnErasedLog() throws Exception {
        var gone = MarkedTrace.write(api, "GONE", run);
        var kept = MarkedTrace.write(api, "KEEP", run);
        JsonNode root = api.get("/v5/logs/" + kept.rootId).json();
        assertThat(root.get("inputs").get("q").stringValue()).as("the API opens what is sealed")
                .isEqualTo(kept.markers.get("flow.inputs"));
        String fileId = root.get("flow").get("id").stringValue();
        assertThat(ids("/v5/logs?file_id=" + fileId + "&search=" + kept.markers.get("flow.inputs").toLowerCase()))
                .as("search opens the sealed documents").containsExactly(kept.rootId);
        assertThat(ids("/v5/logs?file_id=" + fileId + "&metadata_search=" + kept.markers.get("flow.metadata")))
                .containsExactly(kept.rootId);
        assertThat(ids("/v5/logs?file_id=" + fileId + "&search=nothing-" + run)).isEmpty();

        var backupFile = PgDump.dump("keysmain");
        var backup = RawBytes.of(backupFile);
        List<String> inTheClear = new ArrayList<>();
        for (var trace : List.of(gone, kept)) {
            trace.markers.forEach((where, marker) -> {
                if (backup.contains(marker)) {
                    inTheClear.add(where + " " + marker);
                }
            });
        }
        assertThat(inTheClear).as("the main database's backup holds no content in the clear").isEmpty();
        var keys = new JdbcTemplate(new DriverManagerDataSource(TestPostgres.url("keysapart"), TestPostgres.USER,
                TestPostgres.PASSWORD));
        assertThat(keyCount(keys, gone)).as("the keys are in the key store").isEqualTo(gone.logIds.size());
        assertThat(jdbc.queryForObject("select count(*) from log_key", Long.class))
                .as("and not in the main database").isZero();

        var erased = api.send("DELETE", "/v5/logs?id=" + gone.rootId, null, Api.KEY);
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        assertThat(keyCount(keys, gone)).as("erasure destroyed the keys").isZero();
        assertThat(keyCount(keys, kept)).isEqualTo(kept.logIds.size());
        assertThat(cleanup.awaitIdle(Duration.ofSeconds(120))).isTrue();
        assertThat(api.get("/v5/logs/" + gone.rootId).json().get("erased").asBoolean()).isTrue();
        // the analytics, behind the erasure, still open the erased logs' facts with a key of their own,
        // take their contribution out, and then destroy that key too
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && (factsLeft(gone) > 0 || factsKeyCount(keys, gone) > 0)) {
            Thread.sleep(200);
        }
        assertThat(factsLeft(gone)).as("the erased logs left the analytics").isZero();
        assertThat(factsKeyCount(keys, gone)).as("and so did the keys of their facts").isZero();
        assertThat(factsKeyCount(keys, kept)).as("kept logs' facts keep theirs").isPositive();

        // the backup taken before the erasure, restored, under a server with today's key store
        PgDump.restore(backupFile, "keysrestored");
        Files.delete(backupFile);
        try (var restored = new SpringApplicationBuilder(dev.tracevault.server.TracevaultApplication.class).run(
                "--server.port=0", "--tracevault.api-key=" + Api.KEY,
                "--spring.datasource.url=" + TestPostgres.url("keysrestored"),
                "--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD,
                "--tracevault.keys.url=" + TestPostgres.url("keysapart"), "--tracevault.keys.username=" + TestPostgres.USER,
                "--tracevault.keys.password=" + TestPostgres.PASSWORD, "--spring.datasource.hikari.minimum-idle=1")) {
            var old = new Api(Integer.parseInt(restored.getEnvironment().getProperty("local.server.port")));
            String keptAgain = old.get("/v5/logs/" + kept.rootId).body();
            assertThat(keptAgain).as("the backup reads the logs that were not erased")
                    .contains(kept.markers.get("flow.inputs"));
            for (String id : gone.logIds) {
                var log = old.get("/v5/logs/" + id);
                assertThat(log.status()).as(log.body()).isEqualTo(200);
                gone.markers.values().forEach(marker -> assertThat(log.body()).as(id).doesNotContain(marker));
            }
            String export = old.get("/v5/export").body();
            gone.markers.forEach((where, marker) -> assertThat(export).as("export: " + where).doesNotContain(marker));
            assertThat(export).contains(kept.markers.get("flow.inputs"));
        }
    }

    private List<String> ids(String path) {
        var page = api.get(path);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("records").forEach(record -> ids.add(record.get("id").stringValue()));
        return ids;
    }

    private long factsLeft(MarkedTrace trace) {
        long count = 0;
        for (String id : trace.logIds) {
            count += jdbc.queryForObject("select count(*) from analytics_log where log_id = ?", Long.class, id);
        }
        return count;
    }

    private static long factsKeyCount(JdbcTemplate keys, MarkedTrace trace) throws Exception {
        long count = 0;
        for (String id : trace.logIds) {
            String keyId = "facts:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            count += keys.queryForObject("select count(*) from log_key where log_id = ?", Long.class, keyId);
        }
        return count;
    }

    private static long keyCount(JdbcTemplate keys, MarkedTrace trace) {
        long count = 0;
        for (String id : trace.logIds) {
            count += keys.queryForObject("select count(*) from log_key where log_id = ?", Long.class, id);
        }
        return count;
    }
}
