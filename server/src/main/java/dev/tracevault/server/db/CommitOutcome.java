package dev.tracevault.server.db;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.TransactionSystemException;

/**
 * Axon's transactions, telling a commit whose outcome is unknown from one that failed: a commit
 * that fails because the connection or the database went away becomes {@link OutcomeUnknown}
 * (the write path answers {@code outcome_unknown}), and the rollback that follows on that dead
 * connection is not allowed to hide it. Every other failure passes as it is (a conflict the
 * database reported is retried by the write path). Commits and failures are told to
 * {@link DatabaseFailures}, which the health indicator reads.
 */
public final class CommitOutcome implements TransactionManager {

    private final TransactionManager delegate;
    private final DatabaseFailures failures;

    public CommitOutcome(TransactionManager delegate, DatabaseFailures failures) {
        this.delegate = delegate;
        this.failures = failures;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction;
        try {
            transaction = delegate.startTransaction();
        } catch (RuntimeException e) {
            failures.failed(e);
            throw e;
        }
        return new Transaction() {
            private boolean commitLost;

            @Override
            public void commit() {
                try {
                    transaction.commit();
                } catch (RuntimeException e) {
                    failures.failed(e);
                    // Spring's TransactionSystemException: the commit, or the rollback Spring tries
                    // after a failed commit (which then replaces the commit's own exception), failed
                    // in the connection rather than on a constraint, which is a DataAccessException
                    if (DatabaseFailure.connectionLost(e) || e instanceof TransactionSystemException) {
                        commitLost = true;
                        throw new OutcomeUnknown(e);
                    }
                    throw e;
                }
                failures.committed();
            }

            @Override
            public void rollback() {
                try {
                    transaction.rollback();
                } catch (RuntimeException e) {
                    // after a lost commit, or on a connection already gone, the database rolls back by itself
                    if (!commitLost && !DatabaseFailure.connectionLost(e)) {
                        throw e;
                    }
                }
            }
        };
    }
}
