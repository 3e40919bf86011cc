package dev.tracevault.command.write;

import dev.tracevault.problems.Conflict;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Runs the commands of one request in one unit of work and one database transaction, so that a
 * request either stores all its events or none. The commands it sends run in nested units of
 * work; what waits for a commit (the event store's notifications, for one) runs once, after the
 * real commit.
 *
 * <p>Concurrent requests for the same aggregates are serialised inside this JVM by striped locks,
 * so they do not even collide. Requests on other instances can: the event table's unique
 * (aggregate, sequence) key makes the loser fail, and the whole request is retried, a bounded
 * number of times with a jittered back-off, on fresh state. A request that still loses gets a 409.
 */
@Component
public class WriteTransaction {

    private static final Logger log = LoggerFactory.getLogger(WriteTransaction.class);
    private static final int STRIPES = 1024;

    private final TransactionManager transactions;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final int maxAttempts;

    WriteTransaction(TransactionManager transactionManager,
                     @Value("${tracevault.write.max-attempts:10}") int maxAttempts) {
        this.transactions = transactionManager;
        this.maxAttempts = maxAttempts;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} in one transaction while holding the locks of {@code keys}. */
    public <T> T run(Collection<String> keys, Supplier<T> work) {
        int[] locks = keys.stream().mapToInt(k -> Math.floorMod(k.hashCode(), STRIPES)).distinct().sorted().toArray();
        for (int i : locks) {
            stripes[i].lock();
        }
        try {
            return withRetry(work);
        } finally {
            for (int i = locks.length - 1; i >= 0; i--) {
                stripes[locks[i]].unlock();
            }
        }
    }

    private <T> T withRetry(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (ConcurrencyException | ConcurrencyFailureException | DuplicateKeyException e) {
                if (attempt >= maxAttempts) {
                    throw new Conflict("the log was changed by concurrent requests too often; try again");
                }
                log.debug("write conflict on attempt {}, retrying: {}", attempt, e.toString());
                backOff(attempt);
            }
        }
    }

    private <T> T once(Supplier<T> work) {
        var unitOfWork = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage("write"));
        unitOfWork.attachTransaction(transactions);
        ResultMessage<T> result = unitOfWork.executeWithResult(work::get, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        }
        return result.getPayload();
    }

    private static void backOff(int attempt) {
        long max = Math.min(200, 5L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Conflict("interrupted while retrying a conflicting write");
        }
    }
}
