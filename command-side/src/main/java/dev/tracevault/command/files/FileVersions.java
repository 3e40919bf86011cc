package dev.tracevault.command.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every file version by its kernel digest: written in the same transaction as the version's
 * creation, read to resolve the version of a log without loading (and locking) the file.
 */
@Component
public class FileVersions {

    private final JdbcTemplate jdbc;

    FileVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> byKernel(String fileId, String kernelDigest) {
        return jdbc.queryForList("select version_id from file_version_registry where file_id = ? and kernel_digest = ?",
                String.class, fileId, kernelDigest).stream().findFirst();
    }

    public boolean belongsTo(String versionId, String fileId) {
        return !jdbc.queryForList("select version_id from file_version_registry where version_id = ? and file_id = ?",
                String.class, versionId, fileId).isEmpty();
    }

    public Optional<String> latest(String fileId) {
        return jdbc.queryForList("select version_id from file_version_registry where file_id = ?"
                + " order by created_at desc, version_id desc fetch first 1 rows only", String.class, fileId)
                .stream().findFirst();
    }

    /** Records a version unless it is recorded already. */
    public void record(String fileId, String versionId, String kernelDigest, Instant createdAt) {
        if (byKernel(fileId, kernelDigest).isEmpty()) {
            jdbc.update("insert into file_version_registry (version_id, file_id, kernel_digest, created_at)"
                    + " values (?, ?, ?, ?)", versionId, fileId, kernelDigest, createdAt.atOffset(ZoneOffset.UTC));
        }
    }
}
