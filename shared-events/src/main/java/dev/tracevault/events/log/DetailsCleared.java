package dev.tracevault.events.log;

import java.util.List;
import org.axonframework.serialization.Revision;

/** Other fields of a log were unset (a PATCH sent null for them), by wire name. */
@Revision("1")
public record DetailsCleared(String logId, List<String> fields) implements LogChange {
}
