package dev.tracevault.server.admission;

import dev.tracevault.query.AnswerMemory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An answer's share of the in-flight memory, taken for the current request as {@link LargeAnswers}
 * takes it ({@link LargeAnswers#ANSWER_COPIES} bytes of heap per stored byte, nothing under
 * {@link LargeAnswers#SMALL}); outside a request (a processor, a command) nothing is taken.
 */
@Component
class RequestAnswerMemory implements AnswerMemory {

    @Override
    public void take(long storedBytes) {
        if (storedBytes > LargeAnswers.SMALL
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            MemoryAdmission.take(attributes.getRequest(), storedBytes * LargeAnswers.ANSWER_COPIES);
        }
    }
}
