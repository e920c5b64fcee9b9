package dev.dbmove.validator;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Connection;

/** The row count and the sum of row hashes of a key range on one side. */
record Checksum(long rows, BigDecimal sum) {
    static Checksum read(Connection c, SqlWithParameters sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            rs.next();
            BigDecimal sum = rs.getBigDecimal(2);
            return new Checksum(rs.getLong(1), sum == null ? BigDecimal.ZERO : sum);
        }
    }

    boolean matches(Checksum other) {
        return rows == other.rows && sum.compareTo(other.sum) == 0;
    }
}
