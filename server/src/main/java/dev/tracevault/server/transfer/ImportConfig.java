package dev.tracevault.server.transfer;

import dev.tracevault.command.transfer.Registries;
import java.nio.file.Path;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The import run ({@code java -jar tracevault.jar import FILE}): present only when a file is named. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("tracevault.import.file")
class ImportConfig {

    @Bean
    EventImport eventImport(EventStorageEngine events, Registries registries, PlatformTransactionManager transactions,
                            JdbcTemplate jdbc, Jackson3SerializerCustomizer format) {
        return new EventImport(events, registries, new TransactionTemplate(transactions), jdbc, format);
    }

    /**
     * Imports with every event processor stopped, then forgets the evaluation saga's position: it
     * starts after the imported events when the server starts, so no imported completion is
     * evaluated again. The read models' processors resume from the start of the store and build
     * everything.
     */
    @Bean
    ApplicationRunner runImport(EventImport eventImport, EventProcessingConfiguration processors, JdbcTemplate jdbc,
                                org.springframework.core.env.Environment environment) {
        return args -> {
            processors.eventProcessors().values().forEach(EventProcessor::shutDown);
            Path file = Path.of(environment.getRequiredProperty("tracevault.import.file"));
            long count = eventImport.load(file, System.err);
            jdbc.update("delete from token_entry where processor_name = ?", "EvaluationSagaProcessor");
            System.err.println("imported " + count + " events from " + file);
        };
    }
}
