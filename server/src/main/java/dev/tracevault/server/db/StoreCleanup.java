package dev.tracevault.server.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.tracevault.command.erasure.ErasureCommitted;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database's own clean-up after an erasure has committed, so that the erased content's old
 * row versions leave its files too (README: Erasure).
 *
 * <ul>
 *   <li>PostgreSQL: {@code VACUUM} of the tables that held the content, in the background (outside
 *       any transaction, as VACUUM must run), one run at a time; erasures that commit while one
 *       runs are covered by the next. The old row versions are gone from every query and dump and
 *       their space is free for reuse, but PostgreSQL does not overwrite it: their bytes can remain
 *       in the table files until it is reused. {@code tracevault.erasure.vacuum-full} runs
 *       {@code VACUUM FULL} instead, which rewrites each table (and locks it meanwhile).</li>
 *   <li>H2: the store is rebuilt from its live rows ({@link H2Compaction}) when the server stops
 *       cleanly, or at its next start.</li>
 * </ul>
 */
@Component
public class StoreCleanup {

    private static final Logger log = LoggerFactory.getLogger(StoreCleanup.class);
    /** The tables that hold (or held) a log's content or what is derived from it. */
    static final List<String> CONTENT_TABLES = List.of("domain_event_entry", "snapshot_event_entry", "log_document",
            "analytics_log", "analytics_hour", "otel_pending_span", "evaluation_job", "log_key", "dead_letter");

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Database database;
    private final Optional<H2Compaction> h2;
    private final boolean vacuumFull;
    private final String user;
    private final String password;
    private final KeyStoreConfig.KeyStorePool keys;
    private final Optional<H2Compaction> keysH2;
    private final String keysUser;
    private final String keysPassword;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("erasure-cleanup").daemon().factory());
    private final Object lock = new Object();
    private long requested;
    private long done;

    StoreCleanup(JdbcTemplate jdbc, DataSource dataSource, Environment environment, KeyStoreConfig.KeyStorePool keys,
                 @Value("${tracevault.erasure.vacuum-full:false}") boolean vacuumFull) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.database = Database.of(environment);
        this.h2 = database == Database.H2 ? H2Compaction.of(environment.getProperty("spring.datasource.url", ""))
                : Optional.empty();
        this.vacuumFull = vacuumFull;
        this.user = H2Compaction.user(environment);
        this.password = environment.getProperty("spring.datasource.password", "");
        this.keys = keys;
        this.keysH2 = keys.pool() == null ? Optional.empty()
                : H2Compaction.of(environment.getProperty("tracevault.keys.url", ""));
        this.keysUser = environment.getProperty("tracevault.keys.username", "");
        this.keysPassword = environment.getProperty("tracevault.keys.password", "");
    }

    @EventListener
    void on(ErasureCommitted erasure) {
        request();
    }

    /** Asks for a clean-up; it starts at once unless one is running, then right after it. */
    public void request() {
        long wanted;
        synchronized (lock) {
            wanted = ++requested;
        }
        worker.execute(() -> runFor(wanted));
    }

    /** Waits until every clean-up asked for so far has run; false if {@code max} passed first. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (done < requested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void runFor(long wanted) {
        long upTo;
        synchronized (lock) {
            if (done >= wanted) {
                return; // an earlier run started after this request and covered it
            }
            upTo = requested;
        }
        long started = System.nanoTime();
        try {
            clean();
            log.info("clean-up after erasure done in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("clean-up after erasure failed (the erased content is unreadable through the API and"
                    + " the event store, but old row versions may stay in the database files until the next one):"
                    + " {}", e.toString());
        } finally {
            synchronized (lock) {
                done = Math.max(done, upTo);
                lock.notifyAll();
            }
        }
    }

    private void clean() {
        String vacuum = vacuumFull ? "vacuum full " : "vacuum ";
        if (database == Database.POSTGRESQL) {
            for (String table : CONTENT_TABLES) {
                jdbc.execute(vacuum + table);
            }
        } else {
            h2.ifPresent(H2Compaction::markPending); // compacted when the database is closed
        }
        if (keys.pool() != null) {
            if (keysH2.isPresent()) {
                keysH2.get().markPending();
            } else {
                new JdbcTemplate(keys.pool()).execute(vacuum + "log_key");
            }
        }
    }

    /** Whether erased content (or destroyed keys) waits for an H2 store's compaction (at the next stop or start). */
    public boolean compactionPending() {
        return h2.map(H2Compaction::pending).orElse(false) || keysH2.map(H2Compaction::pending).orElse(false);
    }

    /**
     * Stopping: closes an embedded H2 store and compacts it if an erasure asked for it. Every other
     * part of the server has stopped its work by now (lifecycles stop before beans are destroyed).
     */
    @PreDestroy
    void stop() {
        worker.shutdownNow();
        if (h2.map(H2Compaction::pending).orElse(false)) {
            compact(h2.get(), dataSource, user, password);
        }
        if (keysH2.map(H2Compaction::pending).orElse(false)) {
            compact(keysH2.get(), keys.pool(), keysUser, keysPassword);
        }
    }

    private static void compact(H2Compaction store, DataSource dataSource, String user, String password) {
        try {
            if (dataSource instanceof HikariDataSource pool) {
                pool.close(); // the store closes with its last connection; none may reopen it meanwhile
            }
            store.compactIfPending(user, password);
        } catch (RuntimeException e) {
            log.warn("the compaction of {} after erasures did not run now ({}); it runs at the next start",
                    store.file(), e.toString());
        }
    }
}
