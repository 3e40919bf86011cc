package dev.tracevault.events.log;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The log was erased: its content ({@link dev.tracevault.events.content.ContentField}) can no
 * longer be read anywhere, because the key that sealed it was destroyed with this event, and the
 * content fields of its stored events were emptied. What stays is its shape (ids, kind, file,
 * trace links, times, status), shown as a tombstone, and this record.
 *
 * @param erasureId      one erasure request (it erases the logs it names, their trace descendants
 *                       and the evaluator logs judging any of them)
 * @param requestedLogId the log the request named, of which this one is part
 * @param erasedBy       who asked: the API key's name and id, never the secret
 */
@Revision("1")
public record LogErased(String logId, String erasureId, String requestedLogId, String erasedBy, Instant erasedAt) implements LogChange {
}
