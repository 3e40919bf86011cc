package dev.tracevault.server.db;

import ch.qos.logback.classic.LoggerContext;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
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

    /**
     * Each migration runs without the statement and lock bounds (one may rightly take minutes on a large
     * store); its connection, the pool's, has them back afterwards.
     */
    @Bean
    Callback migrationsWithoutBounds(Environment environment) {
        Database database = Database.of(environment);
        String unbounded = database.bounds(Duration.ZERO, Duration.ZERO);
        String bounded = database.bounds(statementBound(environment), lockBound(environment));
        return new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                        || event == Event.AFTER_EACH_MIGRATE_ERROR;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                try (var statement = context.getConnection().createStatement()) {
                    statement.execute(event == Event.BEFORE_EACH_MIGRATE ? unbounded : bounded);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot set the bounds of a migration's connection", e);
                }
            }

            @Override
            public String getCallbackName() {
                return "migrationsWithoutBounds";
            }
        };
    }

    static Duration statementBound(Environment environment) {
        return environment.getProperty("tracevault.db.statement-timeout", Duration.class, Duration.ofSeconds(60));
    }

    static Duration lockBound(Environment environment) {
        return environment.getProperty("tracevault.db.lock-timeout", Duration.class, Duration.ofSeconds(5));
    }

    /**
     * Every pooled connection bounds how long one statement runs ({@code tracevault.db.statement-timeout})
     * and how long it waits for a lock another transaction holds ({@code tracevault.db.lock-timeout}): a
     * request that meets either ends as a 503 with {@code Retry-After}, never a hang (docs/reliability.md).
     * Set as each connection opens (Hikari's init SQL), in the dialect of the pool's own URL.
     */
    @Bean
    static BeanPostProcessor statementAndLockBounds(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool && pool.getConnectionInitSql() == null
                        && pool.getJdbcUrl() != null) {
                    pool.setConnectionInitSql(Database.of(pool.getJdbcUrl()).bounds(statementBound(environment),
                            lockBound(environment)));
                }
                return bean;
            }
        };
    }
}
