package dev.tracevault.server.config;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells a unique-key violation from every other failure by its SQL state, {@code 23505} on both
 * PostgreSQL and H2, wherever it sits in the cause chain (a batch's next exceptions included).
 * Axon turns it into a concurrency error: two instances appended the same aggregate sequence, and
 * the command is retried on fresh state. Axon's JDBC default recognises only
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws.
 */
final class DuplicateKeys implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return duplicate(exception, seen);
    }

    private static boolean duplicate(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
                if (sql.getNextException() != null && duplicate(sql.getNextException(), seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
