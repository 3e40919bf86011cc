package dev.tracevault.server.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Marker;

/**
 * While the database is down, every component that polls it (Axon's processors, the deadline
 * scheduler, the health checks, the connection pool) logs the same failure with a stack trace each
 * time it tries; a full disk once made the console log grow 885 MB in three minutes. This filter
 * lets through one line (INFO and above) per logger every {@link #EVERY} when its exception is a
 * {@link DatabaseFailure} (each component says once a minute that the database fails it, with the
 * stack trace); other lines are untouched. DatabaseFailures counts the failures meanwhile.
 */
final class RepeatedDatabaseFailureLines extends TurboFilter {

    static final Duration EVERY = Duration.ofMinutes(1);
    /** Keys remembered at most; past it the oldest are forgotten (their next line is let through). */
    private static final int MAX_KEYS = 1000;

    private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        try {
            return limit(logger, level, format, params, t);
        } catch (RuntimeException e) {
            return FilterReply.NEUTRAL; // a log line is never lost to this filter's own failure
        }
    }

    private FilterReply limit(Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !level.isGreaterOrEqual(Level.INFO) || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        if (failure == null || DatabaseFailure.of(failure).isEmpty()) {
            return FilterReply.NEUTRAL;
        }
        if (lastLogged.size() > MAX_KEYS) {
            lastLogged.clear();
        }
        long now = System.nanoTime();
        AtomicLong last = lastLogged.computeIfAbsent(logger.getName(), k -> new AtomicLong(now - EVERY.toNanos()));
        long previous = last.get();
        return now - previous >= EVERY.toNanos() && last.compareAndSet(previous, now) ? FilterReply.NEUTRAL
                : FilterReply.DENY;
    }
}
