package dev.tracevault.server.sealing;

import dev.tracevault.command.erasure.LogKeys;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wraps Axon's serializers (as configured) so that what reaches the event store is sealed: the
 * event serializer, and the general one, which Axon also uses for snapshots (aggregate state).
 */
@Configuration(proxyBeanMethods = false)
class SealingConfig {

    private static final java.util.Set<String> SEALED = java.util.Set.of("eventSerializer", "serializer");

    @Bean
    static BeanPostProcessor sealEventSerializer(ObjectProvider<LogKeys> keys) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (SEALED.contains(name) && bean instanceof Serializer serializer
                        && !(bean instanceof SealingSerializer)) {
                    return new SealingSerializer(serializer, new PayloadSeal(keys::getObject,
                            PayloadSeal.storedFormat()));
                }
                return bean;
            }
        };
    }
}
