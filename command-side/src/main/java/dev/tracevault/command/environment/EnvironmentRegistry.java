package dev.tracevault.command.environment;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The environments as a table ({@code environment_registry}), written in the transaction of the
 * workspace's environment events (and by an import, from them), read where a request names an
 * environment: by id (a deployment, a monitor) or by name (a log's {@code environment}).
 */
@Component
public class EnvironmentRegistry {

    private final JdbcTemplate jdbc;

    EnvironmentRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String environmentId) {
        return !jdbc.queryForList("select environment_id from environment_registry where environment_id = ?",
                String.class, environmentId).isEmpty();
    }

    /** The id of the environment called {@code name}. */
    public Optional<String> named(String name) {
        return jdbc.queryForList("select environment_id from environment_registry where name = ?", String.class, name)
                .stream().findFirst();
    }

    public Optional<String> name(String environmentId) {
        return jdbc.queryForList("select name from environment_registry where environment_id = ?", String.class,
                environmentId).stream().findFirst();
    }

    public void created(String environmentId, String name, String tag) {
        jdbc.update("insert into environment_registry (environment_id, name, tag) values (?, ?, ?)", environmentId,
                name, tag);
    }

    public void renamed(String environmentId, String name) {
        jdbc.update("update environment_registry set name = ? where environment_id = ?", name, environmentId);
    }

    public void removed(String environmentId) {
        jdbc.update("delete from environment_registry where environment_id = ?", environmentId);
    }

    /** Back to the start: the default environment alone, with its first name (an import's clean-up). */
    public void reset() {
        jdbc.update("delete from environment_registry where environment_id <> ?", dev.tracevault.events.environment
                .WorkspaceEnvironments.DEFAULT_ID);
        renamed(dev.tracevault.events.environment.WorkspaceEnvironments.DEFAULT_ID,
                dev.tracevault.events.environment.WorkspaceEnvironments.DEFAULT_NAME);
    }
}
