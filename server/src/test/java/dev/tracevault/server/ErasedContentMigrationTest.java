package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Upgrading a store whose logs were erased before erasure emptied their events: the migration
 * empties every content field of their events (error, user, metadata and the judgment were stored
 * unsealed then), and leaves other logs' events and the shape of the erased ones as they were.
 */
class ErasedContentMigrationTest {

    @Test
    void theContentOfLogsErasedBeforeTheUpgradeLeavesTheirEvents() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:upgrade" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Map<String, String> placeholders = Map.of("lob_type", "blob", "text_type", "clob", "pg_only", "--");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").placeholders(placeholders)
                .target("11").load().migrate();
        var jdbc = new JdbcTemplate(dataSource);
        event(jdbc, 1, "erased", 0, "dev.tracevault.events.toollog.ToolLogCreated", """
                {"logId":"erased","toolId":"tl_1","versionId":"tv_1","fields":{"startTime":"2025-01-01T00:00:00Z",
                 "output":{"$sealed":"AAAA"},"error":"OLD-error","user":"OLD-user","metadata":{"m":"OLD-meta"},
                 "inputs":null},"status":null,"trace":null,"clientLogId":false,"requestDigest":"OLD-digest",
                 "loggedAt":"2025-01-01T00:00:00Z"}""");
        event(jdbc, 2, "erased", 1, "dev.tracevault.events.log.DetailsSet",
                "{\"logId\":\"erased\",\"details\":{\"metadata\":{\"m\":\"OLD-meta-2\"},\"prompt_tokens\":3}}");
        event(jdbc, 3, "erased", 2, "dev.tracevault.events.log.LogErased",
                "{\"logId\":\"erased\",\"erasureId\":\"e1\",\"requestedLogId\":\"erased\",\"erasedBy\":\"k\","
                        + "\"erasedAt\":\"2025-02-01T00:00:00Z\"}");
        event(jdbc, 4, "live", 0, "dev.tracevault.events.log.ErrorSet", "{\"logId\":\"live\",\"error\":\"LIVE-error\"}");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").placeholders(placeholders)
                .load().migrate();

        String created = payload(jdbc, 1);
        assertThat(created).doesNotContain("OLD-").doesNotContain("$sealed").contains("\"startTime\":\"2025-01-01T00:00:00Z\"")
                .contains("\"error\":null").contains("\"requestDigest\":null");
        assertThat(payload(jdbc, 2)).doesNotContain("OLD-").contains("\"prompt_tokens\":3");
        assertThat(payload(jdbc, 3)).contains("\"erasureId\":\"e1\"");
        assertThat(payload(jdbc, 4)).as("a live log is not touched").contains("LIVE-error");
    }

    private static void event(JdbcTemplate jdbc, long index, String logId, long sequence, String type, String payload) {
        jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                + " event_identifier, payload, payload_type, payload_revision, time_stamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                index, logId, sequence, "ToolLog", "ev-" + index, payload.getBytes(StandardCharsets.UTF_8), type, "1",
                "2025-01-01T00:00:00Z");
    }

    private static String payload(JdbcTemplate jdbc, long index) {
        return new String(jdbc.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, index), StandardCharsets.UTF_8);
    }
}
