package dev.tracevault.command.log;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** The server's {@link EvaluationIds}: a random UUID for each evaluation. */
@Component
class RandomEvaluationIds implements EvaluationIds {

    @Override
    public String next() {
        return UUID.randomUUID().toString();
    }
}
