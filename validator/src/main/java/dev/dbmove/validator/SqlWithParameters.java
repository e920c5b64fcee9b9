package dev.dbmove.validator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A statement and the texts bound to its parameters, in order. */
record SqlWithParameters(String sql, List<String> parameters) {
    SqlWithParameters {
        parameters = List.copyOf(parameters);
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            ps.setString(i + 1, parameters.get(i));
        }
        return ps;
    }
}
