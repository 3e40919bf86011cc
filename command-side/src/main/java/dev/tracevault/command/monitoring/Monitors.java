package dev.tracevault.command.monitoring;

import dev.tracevault.command.file.MonitorRef;
import dev.tracevault.command.fileregistry.FileDeployments;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.events.environment.VersionResolution;
import dev.tracevault.events.log.EvaluatorVersionRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The monitoring evaluators of every file, kept in the {@code file_monitor} table in the same
 * transaction as the File aggregate's monitoring events, so that a log's command handler finds
 * them without loading the file. A monitor that follows an environment judges with the version of
 * its evaluator deployed there when the log is judged, so a redeployment counts from the next log
 * on; where that evaluator was never deployed anywhere, with its newest version; where it is
 * deployed elsewhere but not there, not at all ({@link VersionResolution#followed}).
 */
@Component
public class Monitors implements MonitoringEvaluators {

    /** The evaluator types the server runs itself; {@code human} and {@code external} are judged by people. */
    static final Set<String> RUNNABLE = Set.of("python", "llm");

    private final JdbcTemplate jdbc;
    private final FileVersions versions;
    private final FileDeployments deployments;

    Monitors(JdbcTemplate jdbc, FileVersions versions, FileDeployments deployments) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.deployments = deployments;
    }

    @Override
    public List<EvaluatorVersionRef> runnableFor(String fileId) {
        List<EvaluatorVersionRef> due = new ArrayList<>();
        for (MonitorRef ref : of(fileId)) {
            String versionId = ref.evaluatorVersionId() != null ? ref.evaluatorVersionId() : following(ref);
            if (versionId == null) {
                continue;
            }
            versions.evaluatorVersion(versionId)
                    .filter(v -> RUNNABLE.contains(v.evaluatorType()))
                    .map(v -> new EvaluatorVersionRef(v.evaluatorId(), v.versionId()))
                    .filter(v -> !due.contains(v))
                    .ifPresent(due::add);
        }
        return due;
    }

    /** The version of the evaluator a monitor that follows an environment judges with now, or null. */
    private String following(MonitorRef ref) {
        String evaluatorId = ref.evaluatorId();
        return VersionResolution.followed(ref.environment(), deployments.anyOf(evaluatorId),
                new VersionResolution.Facts() {
                    @Override
                    public boolean hasVersion(String versionId) {
                        return versions.belongsTo(versionId, evaluatorId);
                    }

                    @Override
                    public java.util.Optional<String> environmentNamed(String name) {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public java.util.Optional<String> deployedTo(String environmentId) {
                        return deployments.deployed(evaluatorId, environmentId);
                    }

                    @Override
                    public java.util.Optional<String> newest() {
                        return versions.latest(evaluatorId);
                    }
                }).orElse(null);
    }

    List<MonitorRef> of(String fileId) {
        return jdbc.query("select evaluator_id, evaluator_version_id, environment from file_monitor where file_id = ?"
                + " order by created_at, evaluator_id", (rs, i) -> new MonitorRef(rs.getString(1),
                emptyToNull(rs.getString(2)), emptyToNull(rs.getString(3))), fileId);
    }

    public void activated(String fileId, MonitorRef ref, Instant at) {
        jdbc.update("insert into file_monitor (file_id, evaluator_id, evaluator_version_id, environment, created_at)"
                + " values (?, ?, ?, ?, ?)", fileId, ref.evaluatorId(), nullToEmpty(ref.evaluatorVersionId()),
                nullToEmpty(ref.environment()), at.atOffset(ZoneOffset.UTC));
    }

    public void deactivated(String fileId, MonitorRef ref) {
        jdbc.update("delete from file_monitor where file_id = ? and evaluator_id = ? and evaluator_version_id = ?"
                + " and environment = ?", fileId, ref.evaluatorId(), nullToEmpty(ref.evaluatorVersionId()),
                nullToEmpty(ref.environment()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
