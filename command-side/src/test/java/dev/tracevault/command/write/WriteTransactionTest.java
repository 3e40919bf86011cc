package dev.tracevault.command.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracevault.problems.Conflict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/**
 * The bounded retry of a write that lost a race with another instance: the lost append (Axon's
 * concurrency exception, or the event table's duplicate key) is retried on fresh state; one that
 * keeps losing becomes a 409 ({@link Conflict}) after the configured number of attempts, never a
 * 5xx; any other failure is not retried.
 */
class WriteTransactionTest {

    private final WriteTransaction writes = new WriteTransaction(NoTransactionManager.INSTANCE, 4, Duration.ofMillis(200));

    @Test
    void aLostAppendIsRetriedUntilItWins() {
        var attempts = new AtomicInteger();
        String result = writes.run(List.of("log_1"), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw attempts.get() == 1 ? new ConcurrencyException("sequence 7 taken")
                        : new DuplicateKeyException("duplicate key value violates unique constraint");
            }
            return "stored";
        });
        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aWriteThatKeepsLosingIsAConflictAfterTheLastAttempt() {
        var attempts = new AtomicInteger();
        assertThatThrownBy(() -> writes.run(List.of("log_1"), () -> {
            attempts.incrementAndGet();
            throw new ConcurrencyException("sequence 7 taken");
        })).isInstanceOf(Conflict.class).hasMessageContaining("try again");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void otherFailuresAreNotRetried() {
        var attempts = new AtomicInteger();
        assertThatThrownBy(() -> writes.run(List.of("log_1"), () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
    }
}
