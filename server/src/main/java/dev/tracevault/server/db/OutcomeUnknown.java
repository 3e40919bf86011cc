package dev.tracevault.server.db;

/**
 * A commit was sent and the database's answer never came (the connection broke, or the database
 * closed itself): the transaction may have committed or not. Not retried here, since a retry of a
 * write that did commit could store it twice; the client is told, and its retry with the same
 * {@code log_id} is idempotent.
 */
public final class OutcomeUnknown extends RuntimeException {

    OutcomeUnknown(Throwable cause) {
        super("the commit's outcome is unknown: " + cause, cause);
    }
}
