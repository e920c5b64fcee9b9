package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.CanonicalText;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One source and one target connection, set up for canonical rendering; one per worker. */
final class Sides implements AutoCloseable {
    final Connection source;
    final Connection target;

    private Sides(Connection source, Connection target) {
        this.source = source;
        this.target = target;
    }

    static Sides open(Endpoint source, DatabaseType sourceEngine, Endpoint target, DatabaseType targetEngine,
                      boolean postgresFunctions) throws SQLException {
        Connection s = Jdbc.connect(source, "source");
        try {
            Connection t = Jdbc.connect(target, "target");
            try {
                prepare(s, sourceEngine, false);
                prepare(t, targetEngine, postgresFunctions);
                return new Sides(s, t);
            } catch (SQLException | RuntimeException e) {
                t.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static void prepare(Connection c, DatabaseType engine, boolean postgresFunctions) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String sql : CanonicalText.sessionSetup(engine)) {
                st.execute(sql);
            }
            if (postgresFunctions && engine == DatabaseType.POSTGRESQL) {
                for (String sql : CanonicalText.postgresSessionFunctions()) {
                    st.execute(sql);
                }
            }
        }
    }

    @Override
    public void close() {
        for (Connection c : new Connection[] {source, target}) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing; nothing more to do
            }
        }
    }
}
