package dev.tracevault.server.transfer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The server does not start on a store an import left unfinished (a killed import process): it holds
 * part of the file. Running the import again clears it and loads the whole file.
 */
@Component
class UnfinishedImportCheck implements InitializingBean {

    private final JdbcTemplate jdbc;
    private final Environment environment;

    UnfinishedImportCheck(JdbcTemplate jdbc, Environment environment) {
        this.jdbc = jdbc;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (environment.containsProperty("tracevault.import.file")) {
            return; // the import itself clears it
        }
        var unfinished = jdbc.queryForList("select source from event_import where status <> 'complete'",
                String.class);
        if (!unfinished.isEmpty()) {
            throw new IllegalStateException("an import of " + unfinished.getFirst() + " did not finish, and the store"
                    + " holds part of it: run the import again (it clears what the unfinished one stored)");
        }
    }
}
