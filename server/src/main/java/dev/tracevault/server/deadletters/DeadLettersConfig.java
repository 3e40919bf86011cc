package dev.tracevault.server.deadletters;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dead letters for every asynchronous processor ({@link DeadLettering#PROCESSORS}): a handler's
 * failure fails its batch (rather than Axon's default, logging it and skipping the event), the
 * failed batch is handled again event by event ({@link EventByEvent}), and events of a parked
 * trace wait behind it ({@link ParkedTraces}). The log documents are projected in the transaction
 * of the write, whose failure is the write's; only a rebuild of them parks ({@link RebuildDeadLetters}),
 * and a write into a trace it parked waits ({@link ParkedLogWrites}).
 */
@Configuration(proxyBeanMethods = false)
class DeadLettersConfig {

    @Bean
    ConfigurerModule deadLetteringProcessors(ObjectProvider<DeadLettering> deadLettering,
                                             ObjectProvider<DeadLetterQueue> queue,
                                             ObjectProvider<ProcessorFailures> failures) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String processor : DeadLettering.PROCESSORS) {
                processing.registerListenerInvocationErrorHandler(processor, c -> PropagatingErrorHandler.instance())
                        .registerErrorHandler(processor, c -> new EventByEvent(processor, deadLettering.getObject(),
                                failures.getObject()))
                        .registerHandlerInterceptor(processor,
                                c -> new ParkedTraces(processor, queue.getObject(), deadLettering.getObject()));
            }
            processing.registerHandlerInterceptor(ParkedLogWrites.PROCESSOR,
                    c -> new ParkedLogWrites(queue.getObject(), deadLettering.getObject()));
        });
    }
}
