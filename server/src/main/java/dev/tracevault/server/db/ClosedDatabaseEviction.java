package dev.tracevault.server.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Hikari drops a pooled connection whenever its failure is the database's ({@link DatabaseFailure}):
 * besides the SQL states Hikari knows itself (class 08, PostgreSQL's 57P0x), embedded H2's codes
 * for a database that closed itself after a write failed on a full disk. Without this, every pooled
 * connection kept answering "database is closed" until a restart, even after space returned; a new
 * connection opens the database again. ({@code spring.datasource.hikari.exception-override-class-name})
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        return DatabaseFailure.of(failure).isPresent() ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
