package dev.tracevault.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures are the database's, found however deep they are wrapped. */
class DatabaseFailureTest {

    @Test
    void aPoolThatGetsNoConnectionIsAnUnavailableDatabase() {
        var failure = new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        assertThat(DatabaseFailure.of(new RuntimeException(failure))).contains(DatabaseFailure.UNAVAILABLE);
    }

    @Test
    void postgresStoppingAndConnectionFailuresAreAnUnavailableDatabase() {
        assertThat(DatabaseFailure.of(new SQLException("terminating connection", "57P01"))).contains(DatabaseFailure.UNAVAILABLE);
        assertThat(DatabaseFailure.of(new SQLException("I/O error", "08006"))).contains(DatabaseFailure.UNAVAILABLE);
    }

    @Test
    void anH2ThatClosedItselfIsAnUnavailableDatabase() {
        assertThat(DatabaseFailure.of(new SQLException("Database is already closed", "90121", 90121)))
                .contains(DatabaseFailure.UNAVAILABLE);
    }

    @Test
    void aFullDiskIsOutOfSpaceWhereverItIsInTheChain() {
        var h2 = new SQLException("General error", "HY000", 50000,
                new IllegalStateException("Writing to file failed", new IOException("No space left on device")));
        assertThat(DatabaseFailure.of(new RuntimeException(h2))).contains(DatabaseFailure.OUT_OF_SPACE);
        assertThat(DatabaseFailure.of(new SQLException("could not extend file", "53100"))).contains(DatabaseFailure.OUT_OF_SPACE);
    }

    @Test
    void aLostCommitIsAnUnknownOutcome() {
        assertThat(DatabaseFailure.of(new IllegalStateException(new OutcomeUnknown(new SQLException("gone", "08006")))))
                .contains(DatabaseFailure.OUTCOME_UNKNOWN);
    }

    @Test
    void theRequestsOwnFailuresAreNotTheDatabases() {
        assertThat(DatabaseFailure.of(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isEmpty();
        assertThat(DatabaseFailure.of(new IllegalArgumentException("bad"))).isEmpty();
        assertThat(DatabaseFailure.of(null)).isEmpty();
    }

    @Test
    void aCauseLoopEnds() {
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseFailure.of(a)).isEmpty();
    }
}
