package dev.tracevault.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tracevault.command.erasure.KeyStore;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link KeyStore}: the main database unless {@code tracevault.keys.url} (environment
 * {@code TRACEVAULT_KEYS_URL}, with {@code TRACEVAULT_KEYS_USERNAME} and {@code _PASSWORD}) names a
 * database of its own, PostgreSQL or H2, migrated from {@code db/keys}. Its pool is not a
 * {@code DataSource} bean, so that the main database stays the one Spring Boot configures.
 */
@Configuration(proxyBeanMethods = false)
class KeyStoreConfig {

    /** The separate key store's pool, closed with the context (absent: keys in the main database). */
    static final class KeyStorePool implements AutoCloseable {

        private final HikariDataSource pool;

        KeyStorePool(HikariDataSource pool) {
            this.pool = pool;
        }

        HikariDataSource pool() {
            return pool;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }

    @Bean
    KeyStorePool keyStorePool(Environment environment) {
        String url = environment.getProperty("tracevault.keys.url", "");
        if (url.isBlank()) {
            return new KeyStorePool(null);
        }
        String user = environment.getProperty("tracevault.keys.username", "");
        String password = environment.getProperty("tracevault.keys.password", "");
        // an embedded H2 key store left uncompacted after erasures is compacted before it is opened
        H2Compaction.of(url).ifPresent(store -> store.compactIfPending(user, password));
        var config = new HikariConfig();
        config.setPoolName("keys");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class,
                20));
        config.setMinimumIdle(1);
        // fails as fast as the main pool when its database cannot be reached (docs/reliability.md)
        config.setConnectionTimeout(environment.getProperty("spring.datasource.hikari.connection-timeout", Long.class,
                1500L));
        config.setValidationTimeout(environment.getProperty("spring.datasource.hikari.validation-timeout", Long.class,
                1000L));
        config.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
        var pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).locations("classpath:db/keys").load().migrate();
        return new KeyStorePool(pool);
    }

    @Bean
    KeyStore keyStore(KeyStorePool separate, JdbcTemplate main) {
        return separate.pool() == null ? new KeyStore(main, false) : new KeyStore(new JdbcTemplate(separate.pool()), true);
    }
}
