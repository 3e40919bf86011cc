package dev.tracevault.server.transfer;

import dev.tracevault.command.transfer.Registries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads an export ({@code GET /v5/export}, NDJSON) into an empty store, all or nothing. First the
 * whole file is read and checked ({@link ExportFile}): a file with one line this server would not
 * have written, or without a trailer that matches its lines, is refused before anything is stored.
 * Then each event is stored as it was (same global index, ids, aggregates, sequences, times,
 * metadata), sealed with this store's own keys, in batches, and the command side's tables are
 * rebuilt from the events. An {@code event_import} row says 'running' meanwhile: if a batch fails,
 * everything the import stored is removed again; if the process dies, the next import removes it
 * first (and the server refuses to start on it). The read models are built by the server's
 * projections when it next starts; the evaluation saga starts after the imported events, so no
 * evaluation runs twice. Draws a progress bar on stderr.
 */
public final class EventImport {

    /** Every table an import writes: what a failed one leaves, and what the next one clears. */
    static final List<String> TABLES = List.of("domain_event_entry", "snapshot_event_entry", "log_key", "log_registry",
            "file_path", "file_version_registry", "file_monitor", "file_deployment", "directory_path", "event_import");

    private final ExportFile reader;
    private final Serializer sealing;
    private final Registries registries;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final int batchSize;

    EventImport(ExportFile reader, Serializer sealing, Registries registries, TransactionTemplate transactions,
                JdbcTemplate jdbc, int batchSize) {
        this.reader = reader;
        this.sealing = sealing;
        this.registries = registries;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.batchSize = batchSize;
    }

    /** Imports {@code file}; answers how many events were stored. */
    long load(Path file, PrintStream progress) throws IOException {
        clearUnfinished(progress);
        Long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        if (stored != null && stored > 0) {
            throw new IllegalStateException("the target store is not empty (" + stored + " events): an import needs"
                    + " an empty database");
        }
        long total = Files.size(file);
        progress.println("checking " + file);
        ExportTrailer checked = reader.read(file, event -> {
        }, new Bar(progress, "check ", total));
        progress.println();

        String importId = UUID.randomUUID().toString();
        jdbc.update("insert into event_import (import_id, status, started_at, source) values (?, 'running', ?, ?)",
                importId, Instant.now().toString(), abbreviate(file.toAbsolutePath().toString()));
        List<ExportFile.Event> batch = new ArrayList<>();
        long[] count = {0};
        try {
            ExportTrailer trailer = reader.read(file, event -> {
                batch.add(event);
                if (batch.size() == batchSize) {
                    count[0] += store(batch);
                }
            }, new Bar(progress, "import", total));
            count[0] += store(batch);
            if (!trailer.equals(checked)) {
                throw new ImportRefused("the file changed while it was imported");
            }
            transactions.executeWithoutResult(status -> {
                if (trailer.lastGlobalIndex() != null) {
                    // new events are numbered after the imported ones
                    jdbc.execute("alter sequence domain_event_entry_seq restart with " + (trailer.lastGlobalIndex() + 1));
                }
                jdbc.update("update event_import set status = 'complete', finished_at = ?, events = ?,"
                        + " last_global_index = ?, sha256 = ? where import_id = ?", Instant.now().toString(),
                        trailer.events(), trailer.lastGlobalIndex(), trailer.sha256(), importId);
            });
        } catch (RuntimeException | IOException | Error e) {
            progress.println();
            progress.println("the import failed after " + count[0] + " stored events; removing what it stored");
            clear();
            throw e;
        }
        progress.println();
        return count[0];
    }

    /** Removes what an import that did not finish (a killed process) left. */
    private void clearUnfinished(PrintStream progress) {
        Long unfinished = jdbc.queryForObject("select count(*) from event_import where status <> 'complete'",
                Long.class);
        if (unfinished != null && unfinished > 0) {
            progress.println("an earlier import did not finish: removing what it stored");
            clear();
        }
    }

    private void clear() {
        transactions.executeWithoutResult(status -> {
            TABLES.forEach(table -> jdbc.update("delete from " + table));
            // the environments start with the default one, which no event creates
            registries.reset();
        });
    }

    private int store(List<ExportFile.Event> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        transactions.executeWithoutResult(status -> {
            jdbc.execute((java.sql.Connection connection) -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into domain_event_entry"
                        + " (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
                        + " payload_type, payload_revision, payload, meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (ExportFile.Event event : batch) {
                        var message = event.message();
                        SerializedObject<byte[]> payload = sealing.serialize(message.getPayload(), byte[].class);
                        SerializedObject<byte[]> metadata = sealing.serialize(message.getMetaData(), byte[].class);
                        insert.setLong(1, event.globalIndex());
                        insert.setString(2, message.getIdentifier());
                        insert.setString(3, message.getAggregateIdentifier());
                        insert.setLong(4, message.getSequenceNumber());
                        insert.setString(5, message.getType());
                        insert.setString(6, DateTimeUtils.formatInstant(message.getTimestamp()));
                        insert.setString(7, payload.getType().getName());
                        insert.setString(8, payload.getType().getRevision());
                        insert.setBytes(9, payload.getData());
                        insert.setBytes(10, metadata.getData());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
            batch.forEach(event -> registries.apply(event.message().getPayload()));
        });
        int n = batch.size();
        batch.clear();
        return n;
    }

    private static String abbreviate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    /** A progress bar on {@code out}, redrawn when it moves. */
    private static final class Bar implements java.util.function.LongConsumer {

        private static final int WIDTH = 40;
        private final PrintStream out;
        private final String what;
        private final long total;
        private long shown = -1;

        Bar(PrintStream out, String what, long total) {
            this.out = out;
            this.what = what;
            this.total = total;
        }

        @Override
        public void accept(long done) {
            long percent = total == 0 ? 100 : 100 * done / total;
            if (percent != shown) {
                shown = percent;
                int filled = (int) (WIDTH * percent / 100);
                out.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
                out.flush();
            }
        }
    }
}
