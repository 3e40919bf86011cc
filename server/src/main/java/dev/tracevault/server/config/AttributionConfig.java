package dev.tracevault.server.config;

import dev.tracevault.events.Attribution;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every event records who caused it: Axon copies these metadata entries of the message being
 * handled (a command, or the event a saga reacts to) onto every message sent while handling it,
 * events included. The history of a log shows them.
 */
@Configuration(proxyBeanMethods = false)
class AttributionConfig {

    @Bean
    CorrelationDataProvider attribution() {
        return new SimpleCorrelationDataProvider(Attribution.API_KEY_ID, Attribution.API_KEY_NAME, Attribution.ACTOR);
    }

    /** Axon's default (correlation and trace ids), which any provider of our own replaces unless declared too. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }
}
