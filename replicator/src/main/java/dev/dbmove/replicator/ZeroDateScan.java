package dev.dbmove.replicator;

import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.replicator.apply.ZeroDateGuard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds MySQL zero dates ({@code 0000-00-00}, or a zero year, month or day) in the selected
 * tables before a full load. Debezium turns each into NULL; no other engine can hold them,
 * so whether NULL is acceptable is the user's decision, not a silent one.
 */
final class ZeroDateScan {
    private ZeroDateScan() {
    }

    /** One line per column holding zero dates: {@code orders.shipped_on: 3 zero date(s), NOT NULL}. */
    static List<String> find(Connection c, Dialect dialect, List<TableInfo> tables) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (TableInfo t : tables) {
                for (ColumnInfo col : t.columns()) {
                    if (!ZeroDateGuard.dateType(col.dataType())) {
                        continue;
                    }
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + dialect.qualify(t.id()) + " WHERE "
                            + ZeroDateGuard.zeroDate(dialect, col.name()))) {
                        rs.next();
                        long n = rs.getLong(1);
                        if (n > 0) {
                            found.add(t.id().name() + "." + col.name() + ": " + n + " zero date(s)"
                                    + (col.nullable() ? "" : ", NOT NULL"));
                        }
                    }
                }
            }
        }
        return found;
    }
}
