package dev.tracevault.server;

import dev.tracevault.server.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The FlowLog API contract on PostgreSQL, in a database of its own. */
class FlowLogApiOnPostgresTest extends FlowLogApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "api");
    }

    @Test
    void payloadsAreReadableByteaNotLargeObjects() {
        openLog("Bytea");
        assertThat(jdbc.queryForObject("select data_type from information_schema.columns"
                + " where table_name = 'domain_event_entry' and column_name = 'payload'", String.class))
                .isEqualTo("bytea");
        assertThat(jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry"
                + " where payload_type like '%FlowLogCreated' order by global_index desc limit 1", String.class);
        assertThat(payload).contains("\"logId\"");
    }

    @Test
    void theEventSequenceAllocatesOneAtATime() {
        assertThat(jdbc.queryForObject("select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'",
                Long.class)).isEqualTo(1);
        String a = openLog("SeqA");
        String b = openLog("SeqB");
        Long first = jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ?",
                Long.class, a);
        Long second = jdbc.queryForObject("select min(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class, b);
        assertThat(second - first).as("consecutive creations, no block allocation gaps").isLessThanOrEqualTo(3);
    }
}
