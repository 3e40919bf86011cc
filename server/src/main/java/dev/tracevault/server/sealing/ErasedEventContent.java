package dev.tracevault.server.sealing;

import dev.tracevault.command.erasure.ErasedEvents;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Empties the content fields of an erased log's stored events ({@link PayloadSeal#withoutContent}):
 * its ids, times, status and the record of its erasure stay, as the history shows them.
 */
@Component
class ErasedEventContent implements ErasedEvents {

    private final JdbcTemplate jdbc;
    private final PayloadSeal seal;

    ErasedEventContent(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.seal = new PayloadSeal(() -> {
            throw new IllegalStateException("emptying content needs no key");
        }, PayloadSeal.storedFormat());
    }

    @Override
    public void removeContent(Collection<String> logIds) {
        for (String logId : logIds) {
            record Stored(long index, byte[] payload) {
            }
            var stored = jdbc.query("select global_index, payload from domain_event_entry where aggregate_identifier = ?",
                    (rs, i) -> new Stored(rs.getLong(1), rs.getBytes(2)), logId);
            for (var event : stored) {
                byte[] emptied = seal.withoutContent(event.payload());
                if (emptied != null) {
                    jdbc.update("update domain_event_entry set payload = ? where global_index = ?", emptied,
                            event.index());
                }
            }
        }
    }
}
