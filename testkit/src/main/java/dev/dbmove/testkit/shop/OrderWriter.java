package dev.dbmove.testkit.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Places orders at a steady rate until stopped. Any SQL failure (read-only server, killed
 * connection, server gone) is counted and followed by a fresh connection 200 ms later: the
 * writer never gives up, as an application that rides out a cutover would not.
 * <p>
 * An order's id goes to the ack log only after its auto-committed insert returned, so the
 * log holds acknowledged writes only; an insert whose answer was lost is never in it.
 */
final class OrderWriter {
    private static final String INSERT = "INSERT INTO orders (customer_id, total, note) VALUES (?, ?, ?)";
    private static final long RETRY_PAUSE_MILLIS = 200;

    private final ShopConfig config;
    private final FileChannel ackLog;
    private final Consumer<String> log;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String database;
    private volatile Boolean lastAttemptOk; // null until the first attempt
    private volatile String lastError;
    private String lastCause; // the writer thread's own

    OrderWriter(ShopConfig config, FileChannel ackLog, Consumer<String> log) {
        this.config = config;
        this.ackLog = ackLog;
        this.log = log;
    }

    /** Writes on the calling thread until {@link #stop()}; throws only when the ack log cannot be written. */
    void run() {
        long interval = 1_000_000_000L / config.writesPerSecond();
        long next = System.nanoTime();
        Session session = null;
        while (running.get()) {
            try {
                if (session == null) {
                    session = connect();
                    next = System.nanoTime(); // time spent connecting is not owed: no burst after it
                }
                acknowledge(session.placeOrder());
                succeeded();
            } catch (SQLException e) {
                failed(e);
                close(session);
                session = null;
                pause(RETRY_PAUSE_MILLIS);
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                pause(wait / 1_000_000);
            } else if (wait < -1_000_000_000L) {
                next = System.nanoTime(); // over a second behind: do not burst to catch up
            }
        }
        close(session);
    }

    /** Lets the current statement finish, then ends {@link #run()}. */
    void stop() {
        running.set(false);
    }

    /** What {@code /info} and {@code /health} report; never holds the password. */
    ShopDir.Info info() {
        return new ShopDir.Info(database, config.url(), acked.get(), failures.get(), lastError);
    }

    /** The last write attempt succeeded, or there was none yet and the database answers. */
    boolean healthy() {
        Boolean last = lastAttemptOk;
        return last != null ? last : answers();
    }

    private boolean answers() {
        try (Connection c = DriverManager.getConnection(config.url(), config.driverProperties());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private Session connect() throws SQLException {
        Connection c = DriverManager.getConnection(config.url(), config.driverProperties());
        try {
            c.setAutoCommit(true);
            long min;
            long max;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM customers")) {
                rs.next();
                min = rs.getLong(1);
                if (rs.wasNull()) {
                    throw new SQLException("table customers is empty — every order needs a customer — insert some customers");
                }
                max = rs.getLong(2);
            }
            Session session = new Session(c, c.prepareStatement(INSERT, new String[] {"id"}), min, max);
            database = c.getMetaData().getDatabaseProductName();
            return session;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private void acknowledge(long id) {
        try {
            ackLog.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            ackLog.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record acknowledged order " + id + " in the ack log", e);
        }
        acked.incrementAndGet();
    }

    private void succeeded() {
        Boolean before = lastAttemptOk;
        lastAttemptOk = true;
        if (before == null) {
            log.accept("connected to " + database + " at " + config.url() + "; placing "
                    + config.writesPerSecond() + " orders/s");
        } else if (!before) {
            log.accept("reconnected to " + database + "; writes succeed again after " + failures.get() + " failures");
        }
    }

    private void failed(SQLException e) {
        String message = config.password().maskIn(String.valueOf(e.getMessage()));
        failures.incrementAndGet();
        // One line per change of state or of cause, not one every 200 ms. The cause is the
        // SQL state and code: messages differ between attempts (MariaDB names the connection).
        String cause = e.getSQLState() + "/" + e.getErrorCode();
        if (!Boolean.FALSE.equals(lastAttemptOk) || !cause.equals(lastCause)) {
            log.accept("write failing: " + message + " (retrying every " + RETRY_PAUSE_MILLIS + " ms)");
        }
        lastCause = cause;
        lastError = message;
        lastAttemptOk = false;
    }

    private void close(Session session) {
        database = null;
        if (session != null) {
            try {
                session.connection().close();
            } catch (SQLException ignored) {
                // the connection is broken already; a new one follows
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection with its prepared insert and the customer ids it may name. */
    private record Session(Connection connection, PreparedStatement insert, long minCustomer, long maxCustomer) {
        long placeOrder() throws SQLException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            insert.setLong(1, random.nextLong(minCustomer, maxCustomer + 1));
            insert.setBigDecimal(2, BigDecimal.valueOf(random.nextLong(100, 100_000), 2));
            insert.setString(3, "order from shop app");
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the server returned no id for the new order");
                }
                return keys.getLong(1);
            }
        }
    }
}
