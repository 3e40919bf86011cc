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
public class ErasedEventContent implements ErasedEvents {

    private static final PayloadSeal SEAL = new PayloadSeal(() -> {
        throw new IllegalStateException("emptying content needs no key");
    }, PayloadSeal.storedFormat());

    private final JdbcTemplate jdbc;

    ErasedEventContent(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored event with every content field null, or null if it holds none (also used by a migration). */
    public static byte[] withoutContent(byte[] stored) {
        return SEAL.withoutContent(stored);
    }

    @Override
    public void removeContent(Collection<String> logIds) {
        for (String logId : logIds) {
            record Stored(long index, byte[] payload) {
            }
            var stored = jdbc.query("select global_index, payload from domain_event_entry where aggregate_identifier = ?",
                    (rs, i) -> new Stored(rs.getLong(1), rs.getBytes(2)), logId);
            for (var event : stored) {
                byte[] emptied = withoutContent(event.payload());
                if (emptied != null) {
                    jdbc.update("update domain_event_entry set payload = ? where global_index = ?", emptied,
                            event.index());
                }
            }
        }
    }
}
