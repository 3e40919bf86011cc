package dev.tracevault.server.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The database failures this instance met, for its health ({@link DatabaseHealth}) and its log: a
 * database that is down fails every request, and a line with a stack trace per request filled
 * 885 MB of log in three minutes. So one line is logged when the database fails, then at most one
 * every {@link #LOG_EVERY} with the count of failures since (stack traces at DEBUG), and when a
 * commit succeeds again, at most one line in that time too.
 */
@Component
public class DatabaseFailures {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);
    static final Duration LOG_EVERY = Duration.ofSeconds(30);

    /** The latest failure: its kind, what the database said, and when. */
    public record Failure(DatabaseFailure kind, String reason, Instant at) {
    }

    private final Clock clock;
    private final AtomicLong unlogged = new AtomicLong();
    private volatile Failure last;
    private volatile Instant loggedAt = Instant.MIN;
    private volatile Instant recoveredLoggedAt = Instant.MIN;

    public DatabaseFailures() {
        this(Clock.systemUTC());
    }

    DatabaseFailures(Clock clock) {
        this.clock = clock;
    }

    /** Notes {@code failure} if it is the database's; answers which failure it was. */
    public Optional<DatabaseFailure> failed(Throwable failure) {
        Optional<DatabaseFailure> kind = DatabaseFailure.of(failure);
        kind.ifPresent(k -> note(k, failure));
        return kind;
    }

    /** A commit succeeded: the database works (again). */
    public void committed() {
        Failure previous = last;
        if (previous != null) {
            last = null;
            Instant now = clock.instant();
            synchronized (this) {
                if (recoveredLoggedAt.isAfter(now.minus(LOG_EVERY))) {
                    return;
                }
                recoveredLoggedAt = now;
            }
            log.warn("the database works again (a commit succeeded after a failure at {}; at most one such line every"
                    + " {} s)", previous.at(), LOG_EVERY.toSeconds());
        }
    }

    /** The latest failure, if it happened within {@code recent} and no commit succeeded since. */
    public Optional<Failure> recent(Duration recent) {
        Failure failure = last;
        return failure != null && failure.at().isAfter(clock.instant().minus(recent))
                ? Optional.of(failure) : Optional.empty();
    }

    private void note(DatabaseFailure kind, Throwable failure) {
        Instant now = clock.instant();
        String reason = reason(failure);
        last = new Failure(kind, reason, now);
        synchronized (this) {
            if (loggedAt.isAfter(now.minus(LOG_EVERY))) {
                unlogged.incrementAndGet();
                log.debug("database failure ({})", kind.type(), failure);
                return;
            }
            loggedAt = now;
        }
        long since = unlogged.getAndSet(0);
        log.warn("database failure ({}): {} ({} more since the last such line; at most one line every {} s,"
                + " stack traces at DEBUG)", kind.type(), reason, since, LOG_EVERY.toSeconds());
        log.debug("database failure ({})", kind.type(), failure);
    }

    /** The innermost message: what the driver or the database said. */
    private static String reason(Throwable failure) {
        String message = failure.toString();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
