package dev.tracevault.server.transfer;

import dev.tracevault.command.transfer.Registries;
import dev.tracevault.query.replay.LogsRebuild;
import dev.tracevault.query.replay.RebuildClaims;
import dev.tracevault.server.upcasting.OlderRevisions;
import java.nio.file.Path;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/** The import run ({@code java -jar tracevault.jar import FILE}): present only when a file is named. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("tracevault.import.file")
class ImportConfig {

    @Bean
    EventImport eventImport(@Qualifier("eventSerializer") Serializer sealing, Registries registries,
                            PlatformTransactionManager transactions, JdbcTemplate jdbc,
                            Jackson3SerializerCustomizer format, List<OlderRevisions> upcasters,
                            org.axonframework.config.Configuration axon,
                            @Value("${tracevault.max-request-size:8MB}") DataSize maxRequest,
                            @Value("${tracevault.import.batch-size:500}") int batchSize) {
        var reader = new ExportFile(new ImportableEvents(upcasters), PlainSerializer.of(format), axon.upcasterChain(),
                ExportFile.lineLimit(maxRequest.toBytes()));
        return new EventImport(reader, sealing, registries, new TransactionTemplate(transactions), jdbc,
                Math.max(1, batchSize));
    }

    /**
     * Imports with every event processor stopped, then forgets the evaluation saga's position: it
     * starts after the imported events when the server starts, so no imported completion is
     * evaluated again. The asynchronous read models' processors resume from the start of the store;
     * the log documents and files, which writes project themselves, are rebuilt by the server that
     * starts next (the import requests it).
     */
    @Bean
    ApplicationRunner runImport(EventImport eventImport, EventProcessingConfiguration processors, JdbcTemplate jdbc,
                                RebuildClaims rebuilds, org.springframework.core.env.Environment environment) {
        return args -> {
            processors.eventProcessors().values().forEach(EventProcessor::shutDown);
            Path file = Path.of(environment.getRequiredProperty("tracevault.import.file"));
            long count;
            try {
                count = eventImport.load(file, System.err);
            } catch (ImportRefused e) {
                throw new IllegalArgumentException("refused " + file + ": " + e.getMessage(), e);
            }
            jdbc.update("delete from token_entry where processor_name = ?", "EvaluationSagaProcessor");
            rebuilds.request(LogsRebuild.GROUP);
            System.err.println("imported " + count + " events from " + file);
        };
    }
}
