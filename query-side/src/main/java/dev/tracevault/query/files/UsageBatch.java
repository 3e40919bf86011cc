package dev.tracevault.query.files;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The logs counted for each file and version in one unit of work, written once before it commits:
 * one UPDATE per file and per version however many logs the unit of work created, in the order of
 * their ids. Every transaction that counts logs locks those rows in the same order, so concurrent
 * writes (and the parallel segments of a rebuild) wait for each other instead of deadlocking.
 */
final class UsageBatch {

    private static final String RESOURCE = UsageBatch.class.getName();

    private record VersionUse(long logs, Instant lastUsed) {
    }

    private final FileDocuments files;
    private final Map<String, Long> fileLogs = new TreeMap<>();
    private final Map<String, VersionUse> versionLogs = new TreeMap<>();

    private UsageBatch(FileDocuments files) {
        this.files = files;
    }

    /** Counts a log of {@code versionId}: in the current unit of work's batch, or at once outside one. */
    static void count(FileDocuments files, FileObjectCache cache, String fileId, String versionId, Instant loggedAt) {
        cache.changing(fileId);
        if (!CurrentUnitOfWork.isStarted()) {
            files.countLogs(fileId, 1);
            files.countVersionLogs(versionId, 1, loggedAt);
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        UsageBatch batch = root.getOrComputeResource(RESOURCE, key -> {
            var created = new UsageBatch(files);
            root.onPrepareCommit(u -> created.flush());
            return created;
        });
        batch.fileLogs.merge(fileId, 1L, Long::sum);
        batch.versionLogs.merge(versionId, new VersionUse(1, loggedAt), (a, b) -> new VersionUse(a.logs() + b.logs(),
                a.lastUsed().isAfter(b.lastUsed()) ? a.lastUsed() : b.lastUsed()));
    }

    private void flush() {
        fileLogs.forEach(files::countLogs);
        versionLogs.forEach((version, use) -> files.countVersionLogs(version, use.logs(), use.lastUsed()));
        fileLogs.clear();
        versionLogs.clear();
    }
}
