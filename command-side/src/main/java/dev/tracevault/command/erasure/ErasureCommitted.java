package dev.tracevault.command.erasure;

import java.util.List;

/**
 * Published (as a Spring application event, not an Axon one) once an erasure's transaction has
 * committed: the database may now clean up the space the erased content took in its files.
 */
public record ErasureCommitted(String erasureId, List<String> logIds) {

    public ErasureCommitted {
        logIds = List.copyOf(logIds);
    }
}
