package dev.tracevault.query.files;

import dev.tracevault.events.environment.WorkspaceEnvironments;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code environment_document} and {@code file_deployment_document} tables. */
@Repository
public class DeploymentDocuments implements DeploymentReads {

    private static final String SELECT = "select environment_id, name, tag, created_at from environment_document";

    private final JdbcTemplate jdbc;

    public DeploymentDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Environment> environments() {
        return jdbc.query(SELECT + " order by case when tag = 'default' then 0 else 1 end, created_at,"
                + " environment_id", DeploymentDocuments::environment);
    }

    @Override
    public Optional<Environment> environment(String environmentId) {
        return jdbc.query(SELECT + " where environment_id = ?", DeploymentDocuments::environment, environmentId)
                .stream().findFirst();
    }

    @Override
    public Optional<Environment> environmentNamed(String name) {
        return jdbc.query(SELECT + " where name = ?", DeploymentDocuments::environment, name).stream().findFirst();
    }

    @Override
    public Map<String, String> deployments(String fileId) {
        Map<String, String> deployed = new LinkedHashMap<>();
        jdbc.query("select environment_id, version_id from file_deployment_document where file_id = ?",
                (ResultSet rs) -> {
                    deployed.put(rs.getString(1), rs.getString(2));
                }, fileId);
        return deployed;
    }

    void created(String environmentId, String name, String tag, Instant at) {
        if (environment(environmentId).isEmpty()) {
            jdbc.update("insert into environment_document (environment_id, name, tag, created_at) values (?, ?, ?, ?)",
                    environmentId, name, tag, utc(at));
        }
    }

    void renamed(String environmentId, String name) {
        jdbc.update("update environment_document set name = ? where environment_id = ?", name, environmentId);
    }

    void removed(String environmentId) {
        jdbc.update("delete from environment_document where environment_id = ?", environmentId);
    }

    void deployed(String fileId, String environmentId, String versionId, Instant at) {
        if (jdbc.update("update file_deployment_document set version_id = ?, deployed_at = ? where file_id = ?"
                + " and environment_id = ?", versionId, utc(at), fileId, environmentId) == 0) {
            jdbc.update("insert into file_deployment_document (file_id, environment_id, version_id, deployed_at)"
                    + " values (?, ?, ?, ?)", fileId, environmentId, versionId, utc(at));
        }
    }

    void undeployed(String fileId, String environmentId) {
        jdbc.update("delete from file_deployment_document where file_id = ? and environment_id = ?", fileId,
                environmentId);
    }

    /** Back to the start: no deployments, the default environment alone with its first name. */
    void reset() {
        jdbc.update("delete from file_deployment_document");
        jdbc.update("delete from environment_document where environment_id <> ?", WorkspaceEnvironments.DEFAULT_ID);
        renamed(WorkspaceEnvironments.DEFAULT_ID, WorkspaceEnvironments.DEFAULT_NAME);
    }

    private static Environment environment(ResultSet rs, int row) throws SQLException {
        return new Environment(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
