package dev.tracevault.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

/** A commit the database never confirmed is told apart from one it refused. */
class CommitOutcomeTest {

    private final DatabaseFailures failures = new DatabaseFailures();

    private TransactionManager failingWith(Supplier<RuntimeException> onCommit, Supplier<RuntimeException> onRollback) {
        return new CommitOutcome(() -> new Transaction() {
            @Override
            public void commit() {
                throw onCommit.get();
            }

            @Override
            public void rollback() {
                throw onRollback.get();
            }
        }, failures);
    }

    @Test
    void aCommitWhoseConnectionBrokeHasAnUnknownOutcomeAndItsRollbackDoesNotHideIt() {
        var transaction = failingWith(() -> new DataAccessResourceFailureException("JDBC commit",
                new SQLException("terminating connection", "57P01")),
                () -> new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))
                .startTransaction();
        assertThatThrownBy(transaction::commit).isInstanceOf(OutcomeUnknown.class);
        transaction.rollback(); // the database rolls back by itself
        assertThat(failures.recent(Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void aRollbackThatReplacedTheCommitsExceptionIsAnUnknownOutcome() {
        var transaction = failingWith(() -> new TransactionSystemException("JDBC rollback failed"),
                IllegalStateException::new).startTransaction();
        assertThatThrownBy(transaction::commit).isInstanceOf(OutcomeUnknown.class);
    }

    @Test
    void aCommitTheDatabaseRefusedPassesAsItIs() {
        var transaction = failingWith(() -> new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")), IllegalStateException::new).startTransaction();
        assertThatThrownBy(transaction::commit).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(transaction::rollback).isInstanceOf(IllegalStateException.class);
    }
}
