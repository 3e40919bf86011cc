package dev.tracevault.server.config;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithoutGapsStatementBuilder;

/**
 * The event store read in batches bounded by bytes as well as by count: Axon's JDBC engine reads
 * the events of a range of {@code global_index} ({@code batchSize} wide) into memory at once, which
 * for events near the request limit (8 MB each) is gigabytes. Here the range ends at the first event
 * at which the stored payloads of the range reach {@code maxBytes} (that event included, so a batch
 * always moves on): a batch holds at most {@code maxBytes} plus one event. The databases tell a stored
 * value's length without reading it, so the bound costs a scan of the range's index and lengths. Used by
 * every reader of the store: the asynchronous processors, a rebuild, an export.
 */
final class ByteBoundedReads {

    private final String length;
    private final long maxBytes;

    /** {@code length}: the database's function for a stored value's length in bytes. */
    ByteBoundedReads(String length, long maxBytes) {
        this.length = length;
        this.maxBytes = maxBytes;
    }

    ReadEventDataWithoutGapsStatementBuilder withoutGaps() {
        return (connection, schema, index, batchSize) -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                    + " FROM " + schema.domainEventTable() + " WHERE (" + schema.globalIndexColumn() + " > ? AND "
                    + schema.globalIndexColumn() + " <= " + upTo(schema) + ") ORDER BY " + schema.globalIndexColumn()
                    + " ASC");
            statement.setLong(1, index);
            bindUpTo(statement, 2, index, batchSize);
            return statement;
        };
    }

    ReadEventDataWithGapsStatementBuilder withGaps() {
        return (connection, schema, index, batchSize, gaps) -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                    + " FROM " + schema.domainEventTable() + " WHERE (" + schema.globalIndexColumn() + " > ? AND "
                    + schema.globalIndexColumn() + " <= " + upTo(schema) + ") OR " + schema.globalIndexColumn()
                    + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ") ORDER BY "
                    + schema.globalIndexColumn() + " ASC");
            statement.setLong(1, index);
            int next = bindUpTo(statement, 2, index, batchSize);
            for (Long gap : gaps) {
                statement.setLong(next++, gap);
            }
            return statement;
        };
    }

    /** The last global index of the batch: where the running size reaches the bound, else the range's end. */
    private String upTo(EventSchema schema) {
        String index = schema.globalIndexColumn();
        return "coalesce((select min(r.g) from (select b." + index + " as g, sum(" + length + "(b."
                + schema.payloadColumn() + ")) over (order by b." + index + ") as running from "
                + schema.domainEventTable() + " b where b." + index + " > ? and b." + index + " <= ?) r"
                + " where r.running >= ?), ?)";
    }

    private int bindUpTo(PreparedStatement statement, int first, long index, int batchSize) throws SQLException {
        statement.setLong(first, index);
        statement.setLong(first + 1, index + batchSize);
        statement.setLong(first + 2, maxBytes);
        statement.setLong(first + 3, index + batchSize);
        return first + 4;
    }
}
