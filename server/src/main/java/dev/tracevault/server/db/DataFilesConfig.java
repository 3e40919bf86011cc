package dev.tracevault.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/** Embedded H2's files readable by the server's user only ({@link DataFilePermissions}). */
@Configuration(proxyBeanMethods = false)
class DataFilesConfig {

    private final Environment environment;

    DataFilesConfig(Environment environment) {
        this.environment = environment;
    }

    /** Before the pool exists, so before H2 opens (or creates) the database. */
    @Bean
    static BeanPostProcessor privateDataFiles(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof DataSource) {
                    DataFilePermissions.h2Base(environment.getProperty("spring.datasource.url")).ifPresent(base -> {
                        try {
                            DataFilePermissions.prepare(base);
                        } catch (IOException e) {
                            throw new UncheckedIOException("could not make the H2 data files private: " + base, e);
                        }
                    });
                }
                return bean;
            }
        };
    }

    /** Once started: anything H2 created meanwhile (its trace file) is set to 0600 too. */
    @EventListener(ApplicationReadyEvent.class)
    void tightenAfterStart() throws IOException {
        var base = DataFilePermissions.h2Base(environment.getProperty("spring.datasource.url"));
        if (base.isPresent()) {
            DataFilePermissions.tighten(base.get());
        }
    }
}
