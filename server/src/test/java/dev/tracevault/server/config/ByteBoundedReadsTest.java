package dev.tracevault.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read of the event store stops at the event where the stored payloads reach the byte bound (that
 * event included), within Axon's count-wide range, with and without gaps, on both databases: a batch of
 * large events holds the bound plus one event, not a thousand events.
 */
class ByteBoundedReadsTest {

    private static final long BOUND = 1_000_000;

    @Test
    void aReadStopsWhereThePayloadsReachTheBoundOnH2() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:bounded" + System.nanoTime(), "sa", "")) {
            check(c, "length", "blob");
        }
    }

    @Test
    void aReadStopsWhereThePayloadsReachTheBoundOnPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(TestPostgres.url("boundedreads"), TestPostgres.USER,
                TestPostgres.PASSWORD)) {
            check(c, "octet_length", "bytea");
        }
    }

    private void check(Connection c, String length, String lob) throws Exception {
        c.createStatement().execute("create table domain_event_entry (global_index bigint primary key, event_identifier"
                + " varchar(255), aggregate_identifier varchar(255), sequence_number bigint, type varchar(255),"
                + " time_stamp varchar(255), payload_type varchar(255), payload_revision varchar(255), payload " + lob
                + ", meta_data " + lob + ")");
        // events 1..10 of 400 KB, then 11..20 of 10 bytes
        try (var insert = c.prepareStatement("insert into domain_event_entry values (?, ?, 'a', ?, 'T', 't', 'P', '1', ?, ?)")) {
            for (int i = 1; i <= 20; i++) {
                insert.setLong(1, i);
                insert.setString(2, "e" + i);
                insert.setLong(3, i);
                insert.setBytes(4, new byte[i <= 10 ? 400_000 : 10]);
                insert.setBytes(5, new byte[0]);
                insert.executeUpdate();
            }
        }
        var reads = new ByteBoundedReads(length, BOUND);
        assertThat(indexes(reads.withoutGaps().build(c, EventTables.EVENTS, 0, 1000).executeQuery()))
                .as("400 KB events: the third reaches 1 MB").containsExactly(1L, 2L, 3L);
        assertThat(indexes(reads.withoutGaps().build(c, EventTables.EVENTS, 9, 1000).executeQuery()))
                .as("the last large one and every small one").containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L,
                        18L, 19L, 20L);
        assertThat(indexes(reads.withoutGaps().build(c, EventTables.EVENTS, 12, 3).executeQuery()))
                .as("the count still bounds it").containsExactly(13L, 14L, 15L);
        assertThat(indexes(reads.withGaps().build(c, EventTables.EVENTS, 5, 1000, List.of(2L)).executeQuery()))
                .as("a gap below is read as well").containsExactly(2L, 6L, 7L, 8L);
        assertThat(indexes(new ByteBoundedReads(length, 100).withoutGaps().build(c, EventTables.EVENTS, 0, 1000)
                .executeQuery())).as("one event over the bound alone still moves on").containsExactly(1L);
    }

    private static List<Long> indexes(java.sql.ResultSet rows) throws Exception {
        List<Long> indexes = new ArrayList<>();
        while (rows.next()) {
            indexes.add(rows.getLong("global_index"));
        }
        return indexes;
    }
}
