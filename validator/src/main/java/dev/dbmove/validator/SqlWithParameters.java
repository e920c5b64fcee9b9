package dev.dbmove.validator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Runs a query whose rows are {@code keys} key texts then {@code values} other texts: each key (in the order the
     * rows came) with its other texts.
     */
    Map<List<String>, String[]> keyedRows(Connection c, int keys, int values) throws SQLException {
        Map<List<String>, String[]> out = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> key = new ArrayList<>(keys);
                for (int i = 1; i <= keys; i++) {
                    key.add(rs.getString(i));
                }
                String[] rest = new String[values];
                for (int i = 0; i < values; i++) {
                    rest[i] = rs.getString(keys + i + 1);
                }
                out.put(List.copyOf(key), rest);
            }
        }
        return out;
    }
}
