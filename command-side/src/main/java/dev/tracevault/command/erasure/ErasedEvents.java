package dev.tracevault.command.erasure;

import java.util.Collection;

/**
 * The event store as an erasure sees it. Destroying a log's key makes its sealed content
 * unreadable; this removes what the events still hold of it, so that not even the ciphertext
 * stays: every content field of the log's stored events becomes null (also one an older version
 * of Tracevault stored unsealed). Implemented where the stored event format is known (the server).
 */
public interface ErasedEvents {

    /** In the erasure's transaction: empties the content fields of the stored events of {@code logIds}. */
    void removeContent(Collection<String> logIds);
}
