package dev.tracevault.server.config;

import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.query.replay.WritePause;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects the write side to the read side's rebuild: a rebuild of the log documents pauses the
 * writes of this instance ({@link WriteTransaction#pause}), those of requests and those of the
 * commands the server sends itself (the evaluation saga and workers, the OTel sweep), which enter
 * the same fence through a command handler interceptor.
 */
@Configuration(proxyBeanMethods = false)
class WritesConfig {

    @Bean
    WritePause writePause(WriteTransaction writes) {
        return maxWait -> writes.pause(maxWait)::close;
    }

    @Bean
    InitializingBean commandsEnterTheWriteFence(CommandBus commands, WriteTransaction writes) {
        MessageHandlerInterceptor<CommandMessage<?>> fence = (unitOfWork, chain) -> {
            writes.enterForUnitOfWork(unitOfWork);
            return chain.proceed();
        };
        return () -> commands.registerHandlerInterceptor(fence);
    }
}
