package dev.tracevault.server.db;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Chooses the migration placeholders for the configured database. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean
    FlywayConfigurationCustomizer migrationPlaceholders(Environment environment) {
        return flyway -> flyway.placeholders(Database.of(environment).migrationPlaceholders());
    }
}
