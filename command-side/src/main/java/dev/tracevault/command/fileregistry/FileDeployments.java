package dev.tracevault.command.fileregistry;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which version of each file is deployed to each environment ({@code file_deployment}), written in
 * the transaction of the File's deployment events (and by an import, from them): read to resolve a
 * log's version and a monitor's evaluator version without loading the file, and to keep an
 * environment that holds deployments from being removed.
 */
@Component
public class FileDeployments {

    private final JdbcTemplate jdbc;

    FileDeployments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The version of {@code fileId} deployed to {@code environmentId}. */
    public Optional<String> deployed(String fileId, String environmentId) {
        return jdbc.queryForList("select version_id from file_deployment where file_id = ? and environment_id = ?",
                String.class, fileId, environmentId).stream().findFirst();
    }

    /** Whether any version of {@code fileId} was ever deployed and still is, anywhere. */
    public boolean anyOf(String fileId) {
        return !jdbc.queryForList("select environment_id from file_deployment where file_id = ? fetch first 1 rows"
                + " only", String.class, fileId).isEmpty();
    }

    /** How many files have a version deployed to {@code environmentId}. */
    public long countIn(String environmentId) {
        Long count = jdbc.queryForObject("select count(*) from file_deployment where environment_id = ?", Long.class,
                environmentId);
        return count == null ? 0 : count;
    }

    public void deployed(String fileId, String environmentId, String versionId) {
        if (jdbc.update("update file_deployment set version_id = ? where file_id = ? and environment_id = ?",
                versionId, fileId, environmentId) == 0) {
            jdbc.update("insert into file_deployment (file_id, environment_id, version_id) values (?, ?, ?)", fileId,
                    environmentId, versionId);
        }
    }

    public void removed(String fileId, String environmentId) {
        jdbc.update("delete from file_deployment where file_id = ? and environment_id = ?", fileId, environmentId);
    }
}
