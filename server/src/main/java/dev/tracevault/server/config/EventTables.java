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
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.SerializedObject;

/**
 * Axon's event, snapshot, token and saga tables as {@code V1__axon_tables.sql} creates them, for
 * Axon's JDBC storage engine, token store and saga store: snake_case columns (Axon's JDBC defaults
 * are camelCase), and ids drawn from the tables' sequences in the inserts themselves (the columns
 * have no default: the JPA stores, which wrote the first databases, asked the sequences first).
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

    static final SagaSchema SAGAS = SagaSchema.builder()
            .sagaEntryTable("saga_entry")
            .sagaIdColumn("saga_id")
            .sagaTypeColumn("saga_type")
            .revisionColumn("revision")
            .serializedSagaColumn("serialized_saga")
            .associationValueEntryTable("association_value_entry")
            .associationKeyColumn("association_key")
            .associationValueColumn("association_value")
            .build();

    /** The saga statements, with association ids from {@code association_value_entry_seq}. */
    static SagaSqlSchema sagaStatements(Database database) {
        String next = database.nextValue("association_value_entry_seq");
        return new GenericSagaSqlSchema(SAGAS) {
            @Override
            public PreparedStatement sql_storeAssocValue(Connection connection, String key, String value,
                                                         String sagaType, String sagaIdentifier) throws SQLException {
                PreparedStatement statement = connection.prepareStatement("insert into association_value_entry"
                        + " (id, association_key, association_value, saga_type, saga_id) values (" + next
                        + ", ?, ?, ?, ?)");
                statement.setString(1, key);
                statement.setString(2, value);
                statement.setString(3, sagaType);
                statement.setString(4, sagaIdentifier);
                return statement;
            }
        };
    }

    /** Appends a unit of work's events in one batched insert, each row numbered by the sequence. */
    static AppendEventsStatementBuilder append(Database database) {
        String next = database.nextValue("domain_event_entry_seq");
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
