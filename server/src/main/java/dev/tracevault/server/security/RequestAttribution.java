package dev.tracevault.server.security;

import dev.tracevault.events.Attribution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Attributes every command sent while serving an API request to the request's API key: the key's
 * id and name (never its secret) go into the command's metadata, and Axon copies them onto the
 * events the command causes ({@code AttributionConfig}). Commands sent outside any request keep
 * what their sender set: the evaluation names its system actor.
 */
@Component
class RequestAttribution implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            Object keyId = request == null ? null
                    : request.getAttribute(ApiKeyFilter.KEY_ID, RequestAttributes.SCOPE_REQUEST);
            if (!(keyId instanceof String id)) {
                return command;
            }
            Map<String, Object> attribution = new HashMap<>();
            attribution.put(Attribution.API_KEY_ID, id);
            if (request.getAttribute(ApiKeyFilter.KEY_NAME, RequestAttributes.SCOPE_REQUEST) instanceof String name) {
                attribution.put(Attribution.API_KEY_NAME, name);
            }
            attribution.put(Attribution.ACTOR, Attribution.apiKey(id));
            return command.andMetaData(attribution);
        };
    }
}
