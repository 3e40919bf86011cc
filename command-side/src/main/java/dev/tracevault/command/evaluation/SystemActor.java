package dev.tracevault.command.evaluation;

import dev.tracevault.events.Attribution;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

/**
 * The evaluation's commands are the server's own, not those of the API key whose write asked for
 * the evaluation: they name the system actor, and only it (what Axon copied from the event that
 * started the saga is dropped).
 */
final class SystemActor {

    private SystemActor() {
    }

    static CommandMessage<?> evaluation(Object command) {
        return GenericCommandMessage.asCommandMessage(command)
                .withMetaData(Map.of(Attribution.ACTOR, Attribution.EVALUATION));
    }
}
