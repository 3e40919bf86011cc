package dev.tracevault.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clean-up of an embedded H2 store after an erasure: a full offline compaction, which copies
 * the live data into a new file and replaces the old one, so that the old row versions that held
 * erased content leave the file. It needs the database closed, so it runs when the server stops
 * cleanly, or at the next start if it did not. An erasure leaves a marker file beside the store
 * ({@code <store>.erased}) until the compaction has run.
 *
 * <p>Why not online: H2 2.4.240's online compaction ({@code MVStore.compactFile}) trips H2's own
 * free-space assertion in {@code RandomAccessStore.compactMoveChunks} (reproduced with and without
 * concurrent writers, and under {@code SET EXCLUSIVE}); with assertions off it runs, but with a
 * violated invariant of the store's free-space map. {@code SHUTDOWN COMPACT} is the same full
 * compaction, but compresses the new file (LZF), which hides what it holds from a plain search of
 * its bytes: the copy made here is not compressed, so a search can show what is (not) in it.
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
     * Compacts the store if an erasure asked for it; true if it did. Nothing else may have it open:
     * H2 first opens and closes it cleanly (recovering it, if the server did not stop cleanly), then
     * its live data is copied into a new file, uncompressed, which replaces the old one.
     */
    boolean compactIfPending(String user, String password) {
        if (!pending() || !Files.exists(file())) {
            return false;
        }
        long started = System.nanoTime();
        long before = size();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("shutdown");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the store " + file() + " for its compaction", e);
        }
        MVStoreTool.compact(file().toString(), false);
        try {
            Files.deleteIfExists(marker());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("compacted {} after erasures: {} → {} bytes in {} ms", file(), before, size(),
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private long size() {
        try {
            return Files.size(file());
        } catch (IOException e) {
            return -1;
        }
    }
}
