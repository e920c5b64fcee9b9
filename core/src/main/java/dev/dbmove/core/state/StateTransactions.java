package dev.dbmove.core.state;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.ConnectionFailure;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;

/** Runs state work in a transaction of its own and turns an SQL failure into a message a person can act on. */
final class StateTransactions {
    /** Work on a connection inside the transaction; it never commits. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Endpoint target;
    private final StateSql sql;
    private final DataSource dataSource;

    StateTransactions(Endpoint target, StateSql sql, DataSource dataSource) {
        this.target = Objects.requireNonNull(target, "target");
        this.sql = sql;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Runs the work in one transaction; one chosen as a deadlock victim (a {@code dbmove status}
     * reading the state while the schema is dropped and made again) is run again, a few times.
     *
     * @param action what is done, completing "cannot ..." in a message
     */
    <T> T run(String action, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(action, work);
            } catch (dev.dbmove.core.DbmoveException e) {
                if (attempt >= 5 || !(e.getCause() instanceof SQLException s && deadlock(s))) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean deadlock(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState()) || e.getErrorCode() == 1213;
    }

    private <T> T once(String action, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** Where the state is, for messages. */
    String where() {
        return (sql.postgres() ? "schema " : "database ") + sql.schema() + " on the target " + target.address();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private DbmoveException failure(String action, SQLException e) {
        SQLException connectionProblem = connectionProblem(e);
        if (connectionProblem != null) {
            DbmoveException explained = ConnectionFailure.explain(connectionProblem, target, "target");
            return new DbmoveException(explained.code(), "cannot " + action + ": " + explained.getMessage(),
                    explained.fix(), e);
        }
        return new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot " + action + " in " + where() + ": "
                + target.password().maskIn(e.getMessage()),
                "check that the target user '" + target.user() + "' may create and write " + sql.schema(), e);
    }

    /** The driver's own exception when the failure was to reach the server at all, else null. */
    private static SQLException connectionProblem(SQLException e) {
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException cause) {
            return cause; // a pool's timeout, which carries the driver's reason
        }
        return e.getSQLState() != null && e.getSQLState().startsWith("08") ? e : null;
    }
}
