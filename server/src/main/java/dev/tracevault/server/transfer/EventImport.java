package dev.tracevault.server.transfer;

import dev.tracevault.command.transfer.Registries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads an export ({@code GET /v5/export}, NDJSON) into an empty store: each event is stored as it
 * was (same ids, aggregates, sequences, times, metadata), sealed with this store's own keys, and
 * the command side's tables are rebuilt from the events. The read models are built by the server's
 * projections when it next starts; the evaluation saga starts after the imported events, so no
 * evaluation runs twice. Draws a progress bar on stderr.
 */
public final class EventImport {

    private static final int BATCH = 500;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final EventStorageEngine events;
    private final Registries registries;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Serializer plain;
    private final JsonMapper json = PlainSerializer.JSON;

    EventImport(EventStorageEngine events, Registries registries, TransactionTemplate transactions,
                JdbcTemplate jdbc, Jackson3SerializerCustomizer format) {
        this.events = events;
        this.registries = registries;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.plain = PlainSerializer.of(format);
    }

    /** Imports {@code file}; answers how many events were stored. */
    long load(Path file, PrintStream progress) throws IOException {
        Long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        if (stored != null && stored > 0) {
            throw new IllegalStateException("the target store is not empty (" + stored + " events): an import needs"
                    + " an empty database");
        }
        long total = Files.size(file);
        long read = 0;
        long count = 0;
        List<GenericDomainEventMessage<?>> batch = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                read += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (line.isBlank()) {
                    continue;
                }
                batch.add(event(line, lineNumber));
                if (batch.size() == BATCH) {
                    count += store(batch);
                    bar(progress, read, total, count);
                }
            }
        }
        count += store(batch);
        bar(progress, total, total, count);
        progress.println();
        return count;
    }

    private GenericDomainEventMessage<?> event(String line, int lineNumber) {
        try {
            JsonNode node = json.readTree(line);
            var type = new SimpleSerializedType(node.get("payload_type").stringValue(),
                    node.get("payload_revision").isNull() ? null : node.get("payload_revision").stringValue());
            Object payload = plain.deserialize(new SimpleSerializedObject<>(
                    json.writeValueAsBytes(node.get("payload")), byte[].class, type));
            Map<String, Object> metadata = json.convertValue(node.get("metadata"), OBJECT);
            return new GenericDomainEventMessage<>(node.get("aggregate_type").stringValue(),
                    node.get("aggregate_id").stringValue(), node.get("sequence").asLong(), payload,
                    MetaData.from(metadata), node.get("event_id").stringValue(),
                    Instant.parse(node.get("timestamp").stringValue()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not an exported event: " + e.getMessage(),
                    e);
        }
    }

    private int store(List<GenericDomainEventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        transactions.executeWithoutResult(status -> {
            events.appendEvents(batch);
            batch.forEach(event -> registries.apply(event.getPayload()));
        });
        int n = batch.size();
        batch.clear();
        return n;
    }

    private static void bar(PrintStream out, long done, long total, long events) {
        int width = 40;
        int filled = total == 0 ? width : (int) (width * done / total);
        out.print("\rimport [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + (total == 0 ? 100 : 100 * done / total) + "%  " + events + " events");
        out.flush();
    }
}
