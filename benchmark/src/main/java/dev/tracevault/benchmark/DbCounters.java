package dev.tracevault.benchmark;

/**
 * PostgreSQL's cumulative per-database counters ({@code pg_stat_database}). Backends publish
 * them about once a second while busy, so a difference over a 15-second phase is approximate.
 */
record DbCounters(long commits, long rollbacks, long rowsFetched, long rowsInserted, long rowsUpdated,
                  long rowsDeleted) {

    DbCounters minus(DbCounters earlier) {
        return new DbCounters(commits - earlier.commits, rollbacks - earlier.rollbacks,
                rowsFetched - earlier.rowsFetched, rowsInserted - earlier.rowsInserted,
                rowsUpdated - earlier.rowsUpdated, rowsDeleted - earlier.rowsDeleted);
    }
}
