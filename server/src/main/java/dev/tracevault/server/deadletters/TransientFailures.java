package dev.tracevault.server.deadletters;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A failure that says nothing about the event: the database unreachable, a connection lost, a
 * deadlock or serialization conflict, no resources. Such an event is never parked — the processor
 * fails and Axon retries it (health says DOWN meanwhile); only a failure that stays with the event
 * parks it.
 */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && transientState(sql.getSQLState(), sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL states of a connection (08), of resources (53: disk full, out of memory, too many
     * connections), of an operator's intervention (57: shutdown, query cancelled), of a transaction
     * rolled back for a conflict (40); H2's "database closed" and "out of space" codes.
     */
    private static boolean transientState(String state, int code) {
        if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("HYT"))) {
            return true;
        }
        return code == 90098 || code == 90121 || code == 90100 || code == 90028;
    }
}
