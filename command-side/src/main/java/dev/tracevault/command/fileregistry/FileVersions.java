package dev.tracevault.command.fileregistry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file version by its kernel digest: written in the same transaction as the version's
 * creation, read to resolve the version of a log without loading (and locking) the file.
 */
@Component
public class FileVersions {

    private static final JsonMapper SPECS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() {
    };

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

    /** The evaluator id and {@code evaluator_type} of an evaluator version. */
    public Optional<EvaluatorVersion> evaluatorVersion(String versionId) {
        return jdbc.query("select file_id, evaluator_type, evaluator_spec from file_version_registry"
                + " where version_id = ? and evaluator_type is not null", (rs, i) -> new EvaluatorVersion(
                rs.getString(1), versionId, rs.getString(2), SPECS.readValue(rs.getString(3), SPEC)), versionId)
                .stream().findFirst();
    }

    /** An evaluator version: its evaluator, {@code evaluator_type} and spec. */
    public record EvaluatorVersion(String evaluatorId, String versionId, String evaluatorType,
                                   Map<String, Object> spec) {
    }

    /**
     * Records a version unless it is recorded already.
     *
     * @param evaluatorSpec an evaluator version's spec; null for other kinds
     */
    public void record(String fileId, String versionId, String kernelDigest, Instant createdAt,
                       Map<String, Object> evaluatorSpec) {
        if (byKernel(fileId, kernelDigest).isEmpty()) {
            jdbc.update("insert into file_version_registry (version_id, file_id, kernel_digest, created_at,"
                    + " evaluator_type, evaluator_spec) values (?, ?, ?, ?, ?, ?)", versionId, fileId, kernelDigest,
                    createdAt.atOffset(ZoneOffset.UTC), evaluatorSpec == null ? null
                    : String.valueOf(evaluatorSpec.get("evaluator_type")),
                    evaluatorSpec == null ? null : SPECS.writeValueAsString(evaluatorSpec));
        }
    }

    /** Forgets the deleted version {@code versionId}: a log can no longer name it, and its kernel makes a new one. */
    public void remove(String versionId) {
        jdbc.update("delete from file_version_registry where version_id = ?", versionId);
    }
}
