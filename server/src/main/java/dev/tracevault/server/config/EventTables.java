package dev.tracevault.server.config;

import dev.tracevault.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.serialization.SerializedObject;

/**
 * Axon's event, snapshot and token tables as {@code V1__axon_tables.sql} creates them, for Axon's
 * JDBC storage engine and token store: snake_case columns (Axon's JDBC defaults are camelCase),
 * and a {@code global_index} drawn from {@code domain_event_entry_seq} in the insert itself (the
 * column has no default; the JPA engine, which wrote the first stores, asked the sequence first).
 */
final class EventTables {

    private EventTables() {
    }

    static final EventSchema EVENTS = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    static final TokenSchema TOKENS = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /** Appends a unit of work's events in one batched insert, each row numbered by the sequence. */
    static AppendEventsStatementBuilder append(Database database) {
        String next = database == Database.POSTGRESQL ? "nextval('domain_event_entry_seq')"
                : "next value for domain_event_entry_seq";
        String sql = "insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)"
                + " values (" + next + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return (Connection connection, EventSchema schema, Class<?> dataType, List<? extends EventMessage<?>> events,
                org.axonframework.serialization.Serializer serializer,
                org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter timestamps) -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            try {
                for (EventMessage<?> message : events) {
                    DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                            : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message,
                                    message::getTimestamp);
                    SerializedObject<?> payload = event.serializePayload(serializer, dataType);
                    SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
                    statement.setString(1, event.getIdentifier());
                    statement.setString(2, event.getAggregateIdentifier());
                    statement.setLong(3, event.getSequenceNumber());
                    statement.setString(4, event.getType());
                    timestamps.writeTimestamp(statement, 5, event.getTimestamp());
                    statement.setString(6, payload.getType().getName());
                    statement.setString(7, payload.getType().getRevision());
                    statement.setObject(8, payload.getData());
                    statement.setObject(9, metaData.getData());
                    statement.addBatch();
                }
                return statement;
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        };
    }
}
