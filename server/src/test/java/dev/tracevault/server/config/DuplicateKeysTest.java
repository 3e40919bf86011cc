package dev.tracevault.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuplicateKeysTest {

    private final DuplicateKeys keys = new DuplicateKeys();

    @Test
    void aUniqueViolationAnywhereInTheChainIsADuplicate() {
        var postgres = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(keys.isDuplicateKeyViolation(postgres)).isTrue();
        assertThat(keys.isDuplicateKeyViolation(new IllegalStateException("append failed", postgres))).isTrue();
        var batch = new BatchUpdateException("Batch entry 0 was aborted", "08000", new int[0]);
        batch.setNextException(postgres);
        assertThat(keys.isDuplicateKeyViolation(new RuntimeException(batch))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(keys.isDuplicateKeyViolation(new SQLException("null value in column", "23502"))).isFalse();
        assertThat(keys.isDuplicateKeyViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(keys.isDuplicateKeyViolation(new IllegalStateException("no SQL at all"))).isFalse();
    }
}
