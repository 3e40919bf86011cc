package dev.tracevault.server.roles;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An instance without the {@code processors} role: its asynchronous event processors (streaming:
 * analytics, the evaluation saga) never claim a segment and are shut down right after Axon starts
 * them (so they keep no token claimed and poll nothing), and db-scheduler never starts executing
 * deadlines (it can still store them). The evaluation workers and the OTel sweeper read
 * {@link RolesEnvironment#RUN_PROCESSORS} themselves. The log documents are projected by each
 * write in its own transaction, whatever the roles (a subscribing processor, left running).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = RolesEnvironment.RUN_PROCESSORS, havingValue = "false")
class WithoutProcessors {

    private static final Logger log = LoggerFactory.getLogger(WithoutProcessors.class);

    @Bean
    ConfigurerModule processorsNotRun() {
        return configurer -> {
            configurer.eventProcessing(processing -> processing
                    .registerPooledStreamingEventProcessorConfiguration((config, builder) -> builder.maxClaimedSegments(0)));
            configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, () -> {
                config.eventProcessingConfiguration().eventProcessors().values().stream()
                        .filter(StreamingEventProcessor.class::isInstance).forEach(EventProcessor::shutDown);
                log.info("Event processors not run here (tracevault.roles has no 'processors')");
            }));
        };
    }

    /** Replaces the starter's own, which would start the scheduler's polling and execution. */
    @Bean
    DbSchedulerStarter deadlinesNotExecuted() {
        log.info("Deadlines not executed here (tracevault.roles has no 'processors')");
        return () -> { };
    }
}
