package dev.tracevault.server.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Searches every column of every table of a database for a string, whatever the column's type. */
public final class DatabaseScan {

    private DatabaseScan() {
    }

    /** Where {@code marker} occurs, as {@code table.column} (empty if nowhere). */
    public static List<String> find(DataSource dataSource, String marker) throws SQLException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (Connection db = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = db.getMetaData().getTables(db.getCatalog(), db.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no tables found in schema " + db.getSchema());
            }
            for (String table : tables) {
                try (var statement = db.createStatement();
                     ResultSet rows = statement.executeQuery("select * from \"" + table + "\"")) {
                    var meta = rows.getMetaData();
                    while (rows.next()) {
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            byte[] value = switch (meta.getColumnType(c)) {
                                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> rows.getBytes(c);
                                default -> {
                                    String text = rows.getString(c);
                                    yield text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                                }
                            };
                            if (value != null && indexOf(value, needle) >= 0) {
                                found.add(table + "." + meta.getColumnName(c));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** How many tables the scan looks at (so a test can tell it looked at all of them). */
    public static int tables(DataSource dataSource) throws SQLException {
        try (Connection db = dataSource.getConnection();
             ResultSet rs = db.getMetaData().getTables(db.getCatalog(), db.getSchema(), "%", new String[] {"TABLE"})) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
