package dev.tracevault.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clean-up of an embedded H2 store after an erasure: the store is rebuilt from its live rows
 * ({@code SCRIPT}, then {@code RUNSCRIPT} into a new file that replaces the old one), so that no
 * old row version, no freed page and no orphaned large object that held erased content stays in
 * the file. It needs the database closed, so it runs when the server stops cleanly, or at the next
 * start if it did not. An erasure leaves a marker file beside the store ({@code <store>.erased})
 * until the rebuild has run.
 *
 * <p>Why not H2's own compaction: online, H2 2.4.240's {@code MVStore.compactFile} trips H2's own
 * free-space assertion in {@code RandomAccessStore.compactMoveChunks} (reproduced with and without
 * concurrent writers, and under {@code SET EXCLUSIVE}); offline, {@code SHUTDOWN COMPACT} (and
 * {@code MVStoreTool.compact}) copy the store's maps as they are, which keeps a large object whose
 * removal a crash interrupted (measured: after a kill -9 right after an erasure, every marker of the
 * erased trace's last versions was still in the compacted file), and {@code SHUTDOWN COMPACT}
 * compresses the copy, which hides what it holds from a plain search of its bytes.
 */
final class H2Compaction {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    private final Path store;
    private final String url;

    private H2Compaction(Path store, String url) {
        this.store = store;
        this.url = url;
    }

    /** The compaction of the embedded file store the JDBC URL names; empty for any other database. */
    static Optional<H2Compaction> of(String url) {
        String prefix = url.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:" : "jdbc:h2:";
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = url.substring(prefix.length());
        int options = name.indexOf(';');
        name = options < 0 ? name : name.substring(0, options);
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:") || name.startsWith("zip:")) {
            return Optional.empty();
        }
        return Optional.of(new H2Compaction(Path.of(name.replaceFirst("^~", System.getProperty("user.home")))
                .toAbsolutePath(), url));
    }

    /** The user the server connects as (none unless set: Spring Boot says {@code sa} only for in-memory H2). */
    static String user(org.springframework.core.env.Environment environment) {
        return environment.getProperty("spring.datasource.username", "");
    }

    Path file() {
        return store.resolveSibling(store.getFileName() + ".mv.db");
    }

    Path marker() {
        return store.resolveSibling(store.getFileName() + ".erased");
    }

    /** Remembers that erased content may stay in the file until the next compaction. */
    void markPending() {
        try {
            if (!Files.exists(marker())) {
                Files.writeString(marker(), "erased content awaits the store's compaction\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean pending() {
        return Files.exists(marker());
    }

    /**
     * Rebuilds the store if an erasure asked for it; true if it did. H2 opens it first (recovering
     * it, if the server did not stop cleanly), writes its live content as SQL, and closes it; a new
     * store is made from that script and replaces the old one. The script is deleted.
     */
    boolean compactIfPending(String user, String password) {
        if (!pending() || !Files.exists(file())) {
            return false;
        }
        long started = System.nanoTime();
        long before = size();
        String name = store.getFileName().toString();
        Path script = store.resolveSibling(name + ".rebuild.sql");
        Path rebuilt = store.resolveSibling(name + "-rebuild");
        Path rebuiltFile = rebuilt.resolveSibling(rebuilt.getFileName() + ".mv.db");
        try {
            Files.deleteIfExists(script);
            Files.deleteIfExists(rebuiltFile);
            execute(url, user, password, "script to " + literal(script), "shutdown");
            execute("jdbc:h2:file:" + rebuilt, user, password, "runscript from " + literal(script), "shutdown");
            Files.move(rebuiltFile, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(script);
            Files.deleteIfExists(marker());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("compacted {} after erasures (rebuilt from its live rows): {} → {} bytes in {} ms", file(), before,
                size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private static void execute(String url, String user, String password, String... statements) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rebuilding the H2 store failed at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    private long size() {
        try {
            return Files.size(file());
        } catch (IOException e) {
            return -1;
        }
    }
}
