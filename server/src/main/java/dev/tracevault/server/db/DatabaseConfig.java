package dev.tracevault.server.db;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Chooses the migration placeholders for the configured database. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    /**
     * Before anything opens the database: compacts an embedded H2 store that erasures left
     * uncompacted because the server did not stop cleanly ({@link H2Compaction}).
     */
    @Bean
    static BeanFactoryPostProcessor compactErasedStore(Environment environment) {
        return beanFactory -> H2Compaction.of(environment.getProperty("spring.datasource.url", ""))
                .ifPresent(store -> store.compactIfPending(H2Compaction.user(environment),
                        environment.getProperty("spring.datasource.password", "")));
    }

    /** A failing database is logged once in a while, not once per attempt ({@link RepeatedDatabaseFailureLines}). */
    @Bean
    static BeanFactoryPostProcessor limitRepeatedDatabaseFailureLines() {
        return beanFactory -> {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback && logback.getTurboFilterList()
                    .stream().noneMatch(RepeatedDatabaseFailureLines.class::isInstance)) {
                var filter = new RepeatedDatabaseFailureLines();
                filter.setContext(logback);
                filter.start();
                logback.addTurboFilter(filter);
            }
        };
    }

    @Bean
    FlywayConfigurationCustomizer migrationPlaceholders(Environment environment) {
        return flyway -> flyway.placeholders(Database.of(environment).migrationPlaceholders());
    }
}
