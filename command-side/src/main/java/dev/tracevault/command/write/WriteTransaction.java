package dev.tracevault.command.write;

import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.Unavailable;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Runs the commands of one request in one unit of work and one database transaction: the events
 * they cause are appended, and the read model every API answer comes from is projected, in that
 * transaction, so a request either stores all its events and their documents or nothing. The
 * request's answer is rendered inside it too, from what it wrote ({@link #run(Collection, Supplier, Function)}).
 *
 * <p>Concurrent requests for the same aggregates are serialised inside this JVM by striped locks,
 * so they do not even collide. Requests on other instances can: the event table's unique
 * (aggregate, sequence) key makes the loser fail (and the read model's row locks order the
 * projections of one trace), and the whole request is retried, a bounded number of times with a
 * jittered back-off, on fresh state. A request that still loses gets a 409. A child's creation
 * that loses the race on its trace root's sequence is reported by Axon as a reused identifier
 * ({@link AggregateStreamCreationException}, since the first event of its batch is a creation):
 * retried the same way, it then finds either the root moved on, or the log really created by
 * another request (the same body answers the stored log, another a 409).
 *
 * <p>While the read model is rebuilt from the event store, writes cannot be projected: the rebuild
 * {@link #pause pauses} them, and a write waits for it (up to {@code tracevault.rebuild.write-wait},
 * then a 503 with {@code Retry-After}, having stored nothing).
 */
@Component
public class WriteTransaction {

    private static final Logger log = LoggerFactory.getLogger(WriteTransaction.class);
    private static final int STRIPES = 1024;

    private final TransactionManager transactions;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ReentrantReadWriteLock fence = new ReentrantReadWriteLock();
    private final int maxAttempts;
    private final Duration pausedWait;

    WriteTransaction(TransactionManager transactionManager,
                     @Value("${tracevault.write.max-attempts:10}") int maxAttempts,
                     @Value("${tracevault.rebuild.write-wait:PT10S}") Duration pausedWait) {
        this.transactions = transactionManager;
        this.maxAttempts = maxAttempts;
        this.pausedWait = pausedWait;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} in one transaction while holding the locks of {@code keys}. */
    public <T> T run(Collection<String> keys, Supplier<T> work) {
        int[] locks = keys.stream().mapToInt(k -> Math.floorMod(k.hashCode(), STRIPES)).distinct().sorted().toArray();
        enterFence();
        try {
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
        } finally {
            fence.readLock().unlock();
        }
    }

    /**
     * Runs {@code work} as {@link #run(Collection, Supplier)} does, and renders the request's answer
     * from its result inside the same transaction, once its events have been projected: what
     * {@code answer} reads is what this transaction wrote, and what every later read will show.
     */
    public <T, A> A run(Collection<String> keys, Supplier<T> work, Function<? super T, A> answer) {
        return run(keys, () -> {
            T result = work.get();
            AtomicReference<A> answered = new AtomicReference<>();
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            // The events are published, and projected, by a prepare-commit handler registered
            // during the work; the projections' own batches add theirs while it runs. Registering
            // from within the phase queues the answer behind all of those.
            root.onPrepareCommit(u -> u.onPrepareCommit(v -> answered.set(answer.apply(result))));
            return answered;
        }).get();
    }

    /**
     * Holds every write of this instance until the returned pause is closed, once the writes in
     * progress are done (waiting for them up to {@code maxWait}).
     */
    public Paused pause(Duration maxWait) {
        try {
            if (!fence.writeLock().tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the writes in progress did not finish within " + maxWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing the writes", e);
        }
        log.info("writes paused");
        return () -> {
            fence.writeLock().unlock();
            log.info("writes resumed");
        };
    }

    /** A pause of the writes; closing it lets them go on. */
    public interface Paused extends AutoCloseable {

        @Override
        void close();
    }

    /**
     * Enters the unit of work of a command handled outside {@link #run} (the evaluation saga's and
     * workers', a sweep's): it waits for a pause like a request does, and leaves when its root unit
     * of work ends. Called by a command handler interceptor; a thread already inside does nothing.
     */
    public void enterForUnitOfWork(UnitOfWork<?> unitOfWork) {
        if (fence.getReadHoldCount() > 0) {
            return;
        }
        enterFence();
        unitOfWork.root().onCleanup(u -> fence.readLock().unlock());
    }

    private void enterFence() {
        try {
            if (!fence.readLock().tryLock(pausedWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Unavailable("the read model is being rebuilt from the event store; nothing was stored,"
                        + " send the request again", (int) Math.max(1, pausedWait.toSeconds()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for a rebuild to end", 1);
        }
    }

    private <T> T withRetry(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (ConcurrencyException | AggregateStreamCreationException | ConcurrencyFailureException
                     | DuplicateKeyException e) {
                if (e instanceof CannotAcquireLockException) {
                    // a lock wait over tracevault.db.lock-timeout: retried, the request would wait that long again
                    throw e;
                }
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
