package dev.tracevault.benchmark;

import java.sql.Connection;
import java.time.Duration;

/**
 * Rebuilds the log documents and files from the event store and times it: starts the server on
 * the database the run wrote, asks it for a rebuild of the {@code logs} read model
 * ({@code POST /v5/admin/replay?projection=logs}, which empties the tables and projects every
 * stored event again in parallel segments) and polls its status every 20 ms until it is done.
 * The rate is the stored events over the time from the request to the status saying done; the
 * server's start-up is not counted. The server runs with {@code TRACEVAULT_REBUILD_SETTLE=PT0S}:
 * alone on its database, it need not give other instances time to pause their writes.
 */
final class Replay {

    /** Starts a server on the prepared database; returns it with an API client for it. */
    interface Launcher {
        Started launch() throws Exception;
    }

    record Started(ServerProcess server, Api api, long launchedAt) {
    }

    record Result(long events, double rebuildSeconds, double fromLaunchSeconds, boolean sameDocument,
                  ServerProcess server) {

        double eventsPerSecond() {
            return events / rebuildSeconds;
        }
    }

    private Replay() {
    }

    /** Gives up after a minute plus one second per 1,000 events (a twentieth of the target rate). */
    static Result run(Target target, Launcher launcher, String lastLogId, String lastLogBody) throws Exception {
        long events;
        try (Connection c = target.connect()) {
            events = Sql.scalar(c, "select count(*) from domain_event_entry");
        }
        Duration max = Duration.ofSeconds(60 + events / 1_000);
        Started started = launcher.launch();
        started.server().awaitReady(started.api(), Duration.ofMinutes(3));
        Api api = started.api();
        Api.Response asked = api.post("/v5/admin/replay?projection=logs", "");
        if (asked.status() != 202) {
            throw new IllegalStateException("the rebuild was refused: " + asked.status() + " " + Json.clip(asked.body()));
        }
        long deadline = asked.startNanos() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.server().alive()) {
                throw new IllegalStateException("server exited during the rebuild; see " + started.server().log());
            }
            Api.Response status = api.get("/v5/admin/replay");
            String state = Json.field(status.body(), "state");
            if ("done".equals(state)) {
                Api.Response last = api.get("/v5/logs/" + lastLogId);
                return new Result(events, (status.endNanos() - asked.startNanos()) / 1e9,
                        (status.endNanos() - started.launchedAt()) / 1e9, last.ok() && last.body().equals(lastLogBody),
                        started.server());
            }
            if ("failed".equals(state)) {
                throw new IllegalStateException("the rebuild failed: " + Json.clip(status.body()));
            }
            Thread.sleep(20);
        }
        String problem = started.server().firstProblem();
        throw new IllegalStateException("the rebuild did not finish within " + max
                + (problem != null ? "; server log: " + problem : ""));
    }
}
