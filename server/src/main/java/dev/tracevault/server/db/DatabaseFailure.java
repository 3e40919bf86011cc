package dev.tracevault.server.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A request that failed because of the database rather than because of the request: the database
 * cannot be reached (stopped, restarting, every connection busy, an embedded H2 that closed
 * itself), its disk is full, or a commit was sent and no answer came back. Each is answered with
 * its own status, {@code type} and {@code Retry-After}, never a 500 (ApiExceptionHandler).
 */
public enum DatabaseFailure {

    /** Nothing was stored: the database could not be reached, or dropped the connection before the commit. */
    UNAVAILABLE(503, "database_unavailable", 5,
            "the database cannot be reached now; nothing was stored, send the request again"),
    /** Nothing was stored: the database's disk is full. */
    OUT_OF_SPACE(507, "database_out_of_space", 30,
            "the database's disk is full; nothing was stored, send the request again once space is freed"),
    /** The commit was sent and the database did not answer: the write may or may not be stored. */
    OUTCOME_UNKNOWN(503, "outcome_unknown", 5,
            "the database did not confirm the commit: the write may or may not be stored. Sending the same"
                    + " request again is safe with the same log_id (a create answers the stored log; a PATCH"
                    + " that changes nothing stores nothing)"),
    /**
     * Nothing was stored: a statement ran longer than {@code tracevault.db.statement-timeout}, or waited
     * for a row another transaction holds longer than {@code tracevault.db.lock-timeout}. The database
     * works; the connection stays in the pool.
     */
    TIMED_OUT(503, "database_timeout", 2,
            "the database did not finish in time (a statement or a lock wait went over its bound); nothing was"
                    + " stored, send the request again");

    /** PostgreSQL's disk_full. */
    private static final String PG_DISK_FULL = "53100";
    /** PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now: a stopping or starting server. */
    private static final Set<String> PG_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    /** H2's DATABASE_IS_CLOSED and DATABASE_CALLED_AT_SHUTDOWN: it closed itself after a write failed. */
    private static final Set<Integer> H2_CLOSED = Set.of(90098, 90121);

    /** PostgreSQL's query_canceled (statement_timeout) and lock_not_available (lock_timeout); H2's cancel. */
    private static final Set<String> TIMEOUT_STATES = Set.of("57014", "55P03");
    /** H2's LOCK_TIMEOUT_1: a row or table lock not granted within LOCK_TIMEOUT. */
    private static final int H2_LOCK_TIMEOUT = 50200;

    /** Hikari's answer (without an SQL state) on a connection it already closed as broken. */
    private static final String HIKARI_CLOSED = "Connection is closed";

    private final int status;
    private final String type;
    private final int retryAfterSeconds;
    private final String detail;

    DatabaseFailure(int status, String type, int retryAfterSeconds, String detail) {
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String detail() {
        return detail;
    }

    /** The database failure behind {@code failure} (any cause of it), if it is one. */
    public static Optional<DatabaseFailure> of(Throwable failure) {
        boolean unavailable = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.add(failure);
        }
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof OutcomeUnknown) {
                return Optional.of(OUTCOME_UNKNOWN);
            }
            if (outOfSpace(t)) {
                return Optional.of(OUT_OF_SPACE);
            }
            unavailable |= unavailable(t);
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.add(suppressed);
            }
        }
        return unavailable ? Optional.of(UNAVAILABLE) : Optional.empty();
    }

    /**
     * {@link #TIMED_OUT} if a statement of {@code failure} (any cause of it) went over the statement or
     * lock bound. Apart from {@link #of}: the database works, so it is neither a connection to drop nor a
     * reason for health to say DOWN.
     */
    public static Optional<DatabaseFailure> timedOut(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && (TIMEOUT_STATES.contains(sql.getSQLState())
                    || sql.getErrorCode() == H2_LOCK_TIMEOUT)) {
                return Optional.of(TIMED_OUT);
            }
        }
        return Optional.empty();
    }

    /** Whether the database's connection, rather than the statement, failed. */
    static boolean connectionLost(Throwable failure) {
        return of(failure).isPresent();
    }

    private static boolean outOfSpace(Throwable t) {
        if (t instanceof SQLException sql && PG_DISK_FULL.equals(sql.getSQLState())) {
            return true;
        }
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        // ENOSPC as the JDK words it (H2 passes its IOException on), and EDQUOT
        return lower.contains("no space left on device") || lower.contains("disk quota exceeded");
    }

    private static boolean unavailable(Throwable t) {
        if (t instanceof CannotCreateTransactionException || t instanceof CannotGetJdbcConnectionException
                || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state == null && HIKARI_CLOSED.equals(sql.getMessage())) {
                return true;
            }
            return state != null && (state.startsWith("08") || PG_GOING_AWAY.contains(state))
                    || H2_CLOSED.contains(sql.getErrorCode());
        }
        return false;
    }
}
