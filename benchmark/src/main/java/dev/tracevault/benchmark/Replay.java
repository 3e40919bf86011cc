package dev.tracevault.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Rebuilds the read model from the event store and times it. With the server stopped: delete the
 * {@code logs} processor's token rows and empty {@code log_document}, {@code file_document} and
 * {@code file_version}; then start the server and poll (every 20 ms) until the processor's
 * token has reached {@code max(global_index)} and a GET of the last written log succeeds.
 *
 * <p>The rate counts the events between the first token position seen (the processor has
 * claimed its segment) and the end, over that time, so the JVM's start-up is not counted;
 * the time from launch is reported beside it.
 */
final class Replay {

    /** Starts a server on the prepared database; returns it with an API client for it. */
    interface Launcher {
        Started launch() throws Exception;
    }

    record Started(ServerProcess server, Api api, long launchedAt) {
    }

    record Result(long events, long eventsInWindow, double windowSeconds, double fromLaunchSeconds,
                  boolean sameDocument, ServerProcess server) {
        /** Whether the harness saw the processor early enough (before half the events) to time it alone. */
        boolean windowed() {
            return windowSeconds > 0 && eventsInWindow * 2 >= events;
        }

        /** Events per second of the processor; from launch (start-up included) when it was not seen early. */
        double eventsPerSecond() {
            return windowed() ? eventsInWindow / windowSeconds : events / fromLaunchSeconds;
        }
    }

    private static final String PROCESSOR = "logs";
    /** No progress of the token for this long (start-up included) ends the wait. */
    private static final Duration STALL = Duration.ofSeconds(30);

    private Replay() {
    }

    /** Gives up after a minute plus one second per 1,000 events (a twentieth of the target rate). */
    static Result run(Target target, Launcher launcher, String lastLogId, String lastLogBody) throws Exception {
        long events;
        long maxIndex;
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            events = Sql.scalar(c, "select count(*) from domain_event_entry");
            maxIndex = Sql.scalar(c, "select coalesce(max(global_index), -1) from domain_event_entry");
            try (PreparedStatement delete = c.prepareStatement("delete from token_entry where processor_name = ?")) {
                delete.setString(1, PROCESSOR);
                delete.executeUpdate();
            }
            Sql.execute(c, "delete from log_document");
            Sql.execute(c, "delete from file_version");
            Sql.execute(c, "delete from file_document");
            c.commit();
        }
        Duration max = Duration.ofSeconds(60 + events / 1_000);

        Started started = launcher.launch();
        long deadline = started.launchedAt() + max.toNanos();
        long firstSeenAt = -1;
        long firstIndex = -1;
        long lastIndex = Long.MIN_VALUE;
        long lastProgressAt = started.launchedAt();
        Connection c = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!started.server().alive()) {
                    throw new IllegalStateException("server exited during the replay; see " + started.server().log());
                }
                if (c == null && target.connectable()) {
                    c = target.connect();
                }
                if (c != null) {
                    long index = lowestTokenIndex(c);
                    long now = System.nanoTime();
                    if (index != lastIndex) {
                        lastIndex = index;
                        lastProgressAt = now;
                    } else if (now - lastProgressAt > STALL.toNanos()) {
                        break;
                    }
                    if (index != Long.MIN_VALUE && firstSeenAt < 0) {
                        firstSeenAt = now;
                        firstIndex = index;
                    }
                    if (index >= maxIndex) {
                        Api.Response last = started.api().get("/v5/logs/" + lastLogId);
                        if (last.ok()) {
                            long end = last.endNanos();
                            long inWindow = firstIndex < 0 ? events
                                    : Sql.scalar(c, "select count(*) from domain_event_entry where global_index > " + firstIndex);
                            return new Result(events, inWindow, (end - firstSeenAt) / 1e9,
                                    (end - started.launchedAt()) / 1e9, last.body().equals(lastLogBody), started.server());
                        }
                    }
                }
                Thread.sleep(20);
            }
            String problem = started.server().firstProblem();
            throw new IllegalStateException("the replay did not catch up (gave up after "
                    + (System.nanoTime() - started.launchedAt()) / 1_000_000_000 + " s): token "
                    + (lastIndex == Long.MIN_VALUE ? "never created" : lastIndex == -1 ? "never advanced" : "at " + lastIndex)
                    + " of " + maxIndex + (problem != null ? "; server log: " + problem : ""));
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * The lowest position over the processor's segments: -1 for a row without a token yet,
     * {@code Long.MIN_VALUE} when the processor has no row yet.
     */
    private static long lowestTokenIndex(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("select token from token_entry where processor_name = ?")) {
            query.setString(1, PROCESSOR);
            long lowest = Long.MIN_VALUE;
            boolean any = false;
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long index = Json.tokenIndex(rs.getBytes(1));
                    lowest = any ? Math.min(lowest, index) : index;
                    any = true;
                }
            }
            return lowest;
        } catch (SQLException e) {
            if (c.isClosed()) {
                throw e;
            }
            return Long.MIN_VALUE; // tables not there yet, or a transient error while the server starts
        }
    }
}
