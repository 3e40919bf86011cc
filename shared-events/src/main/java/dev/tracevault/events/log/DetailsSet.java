package dev.tracevault.events.log;

import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Other fields of a log were set, by wire name: token counts, costs, timing, provider request and
 * response, metadata and the like (datetimes as ISO-8601 text).
 */
@Revision("1")
public record DetailsSet(String logId, Map<String, Object> details) implements LogChange {
}
