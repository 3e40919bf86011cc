package dev.tracevault.server.upcasting;

import java.util.Set;
import org.axonframework.serialization.SerializedType;

/**
 * An upcaster's older revisions: the payload types and revisions it reads, so that an import accepts
 * exactly those besides the current ones. The upcaster decides with the same set what it upcasts.
 */
public interface OlderRevisions {

    Set<SerializedType> reads();
}
