package db.migration;

import dev.tracevault.server.sealing.ErasedEventContent;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Empties the content fields of the events of logs erased before an erasure did so itself: those
 * older erasures destroyed the keys, but {@code error}, {@code user}, {@code metadata} and
 * judgments were stored unsealed then (README: Erasure). Runs once; a store without erasures is
 * left as it is.
 */
public class V11_1__EmptyErasedContent extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        List<String> erased = new ArrayList<>();
        try (var statement = connection.prepareStatement("select distinct aggregate_identifier from domain_event_entry"
                + " where payload_type = 'dev.tracevault.events.log.LogErased'");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                erased.add(rows.getString(1));
            }
        }
        try (PreparedStatement events = connection.prepareStatement(
                "select global_index, payload from domain_event_entry where aggregate_identifier = ?");
             PreparedStatement update = connection.prepareStatement(
                     "update domain_event_entry set payload = ? where global_index = ?")) {
            for (String logId : erased) {
                events.setString(1, logId);
                record Stored(long index, byte[] payload) {
                }
                List<Stored> stored = new ArrayList<>();
                try (var rows = events.executeQuery()) {
                    while (rows.next()) {
                        stored.add(new Stored(rows.getLong(1), rows.getBytes(2)));
                    }
                }
                for (var event : stored) {
                    byte[] emptied = ErasedEventContent.withoutContent(event.payload());
                    if (emptied != null) {
                        update.setBytes(1, emptied);
                        update.setLong(2, event.index());
                        update.executeUpdate();
                    }
                }
            }
        }
    }
}
