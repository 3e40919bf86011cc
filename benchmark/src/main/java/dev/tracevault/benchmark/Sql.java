package dev.tracevault.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers for the harness's own queries. */
final class Sql {

    private Sql() {
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Number of rows in the server's event table. */
    static long events(Target target) throws SQLException {
        try (Connection c = target.connect()) {
            return scalar(c, "select count(*) from domain_event_entry");
        }
    }
}
