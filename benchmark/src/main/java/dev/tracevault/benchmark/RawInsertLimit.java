package dev.tracevault.benchmark;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The physical limit: how many single-row insert transactions per second the same database
 * accepts, for rows shaped like Axon's {@code domain_event_entry} (same columns and constraints,
 * a ~600-byte JSON payload, unique aggregate id + sequence), one row per transaction (autocommit),
 * at the closed loop's concurrency, straight over JDBC into a scratch table that is created and
 * dropped here. This is the least work one event append can cost; every throughput the server
 * reaches is compared with it.
 */
final class RawInsertLimit {

    record Result(double rowsPerSecond, long rows, long errors, Histogram latency, int payloadBytes) {
    }

    static final String TABLE = "bench_raw_event_entry";

    private RawInsertLimit() {
    }

    static String ddl(String lobType) {
        // Same columns, types and constraints as V1__axon_tables.sql's domain_event_entry.
        return """
                create table %1$s (
                    global_index         bigint       not null primary key,
                    aggregate_identifier varchar(512) not null,
                    sequence_number      bigint       not null,
                    type                 varchar(255),
                    event_identifier     varchar(255) not null,
                    meta_data            %2$s,
                    payload              %2$s  not null,
                    payload_revision     varchar(255),
                    payload_type         varchar(255) not null,
                    time_stamp           varchar(255) not null,
                    constraint uk_%1$s_aggregate_sequence unique (aggregate_identifier, sequence_number),
                    constraint uk_%1$s_identifier unique (event_identifier)
                )""".formatted(TABLE, lobType);
    }

    static Result run(Target target, int threads, Duration duration) throws Exception {
        byte[] meta = "{\"traceId\":\"6c1f3a0e-5d7b-4a59-9a51-4f0e3c1f7b21\",\"correlationId\":\"6c1f3a0e-5d7b-4a59-9a51-4f0e3c1f7b21\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] payload = payload();
        try (Connection c = target.connect()) {
            Sql.execute(c, "drop table if exists " + TABLE);
            Sql.execute(c, ddl(target.lobType()));
        }
        ConcurrentHistogram latency = new ConcurrentHistogram(60_000_000, 3);
        AtomicLong index = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Connection c = target.connect();
                c.setAutoCommit(true);
                connections.add(c);
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Connection c = connections.get(t);
                String aggregatePrefix = "raw-" + t + "-" + UUID.randomUUID() + "-";
                writers.add(Thread.ofPlatform().name("raw-insert-" + t).start(() -> {
                    String sql = "insert into " + TABLE + " (global_index, aggregate_identifier, sequence_number, type,"
                            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                    try (PreparedStatement insert = c.prepareStatement(sql)) {
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            insert.setLong(1, index.incrementAndGet());
                            insert.setString(2, aggregatePrefix + (n / 8));
                            insert.setLong(3, n % 8);
                            insert.setString(4, "FlowLog");
                            insert.setString(5, UUID.randomUUID().toString());
                            insert.setBytes(6, meta);
                            insert.setBytes(7, payload);
                            insert.setString(8, "1");
                            insert.setString(9, "dev.tracevault.events.flowlog.OutputSet");
                            insert.setString(10, Instant.now().toString());
                            try {
                                insert.executeUpdate();
                                latency.recordValue(Math.min(60_000_000, (System.nanoTime() - t0) / 1_000));
                            } catch (SQLException e) {
                                errors.incrementAndGet();
                                failure.compareAndSet(null, e);
                            }
                            n++;
                        }
                    } catch (SQLException e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (latency.getTotalCount() == 0 && failure.get() != null) {
                throw failure.get();
            }
            return new Result(latency.getTotalCount() / seconds, latency.getTotalCount(), errors.get(), latency,
                    payload.length);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try (Connection c = target.connect()) {
                Sql.execute(c, "drop table if exists " + TABLE);
            }
        }
    }

    /** A ~600-byte JSON event payload, like a FlowLogCreated with inputs. */
    static byte[] payload() {
        StringBuilder json = new StringBuilder("{\"logId\":\"log_4k5c8d8ntqwq8vdz97tz7ldw\",\"flowId\":\"fl_quz3ravhohmq4kzi77qrq9n6\","
                + "\"versionId\":\"flv_voaf4xf8ln1w7r2vjuk3li8v\",\"inputs\":{\"question\":\"");
        while (json.length() < 560) {
            json.append("What were the most common failure modes last week? ");
        }
        json.setLength(560);
        json.append("\"},\"at\":\"2026-11-25T23:01:47.376103Z\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
