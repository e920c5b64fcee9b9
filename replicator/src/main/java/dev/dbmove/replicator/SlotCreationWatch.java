package dev.dbmove.replicator;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.KeptConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the creation of a PostgreSQL replication slot of the job waits for (the stream's slot, or
 * a copy engine's, named after it). PostgreSQL creates a logical
 * slot only once every transaction that was writing when it was asked for has ended, and
 * until then {@code dbmove replicate} stood still without a word (a transaction left open by
 * an application or a forgotten psql session holds it for hours). This names the transaction:
 * the walsender creating the job's slot, and the sessions {@code pg_blocking_pids} says it
 * waits for.
 * <p>
 * Details of other users' sessions (start, state, query) are shown by PostgreSQL only to
 * superusers and members of {@code pg_read_all_stats}; without them the message names the
 * session's pid, user, database and application.
 */
final class SlotCreationWatch implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A session the slot's creation waits for. */
    record Blocker(int pid, String user, String database, String application, Instant transactionStart, String state,
                   String query) {
        String describe(Instant now) {
            List<String> parts = new ArrayList<>();
            if (user != null) {
                parts.add("user " + user);
            }
            if (database != null) {
                parts.add("database " + database);
            }
            if (application != null && !application.isBlank()) {
                parts.add("application " + application);
            }
            if (transactionStart != null) {
                parts.add("open since " + TIME.format(transactionStart) + ", " + human(Duration.between(transactionStart,
                        now)) + " ago");
            }
            if (state != null) {
                parts.add(state + (query == null || query.isBlank() ? "" : ", last statement: " + query));
            }
            return "source transaction pid " + pid + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
        }
    }

    /** The creation of slot {@code slot}, asked for at {@code askedAt} (null when hidden), waiting for these sessions. */
    record Wait(String slot, Instant askedAt, List<Blocker> blockers) {
        String pids() {
            return blockers.stream().map(b -> Integer.toString(b.pid())).reduce((a, b) -> a + "," + b).orElse("");
        }
    }

    private static final Pattern CREATING = Pattern.compile("CREATE_REPLICATION_SLOT\\s+\"?([A-Za-z0-9_]+)",
            Pattern.CASE_INSENSITIVE);

    private final String slot;
    private final KeptConnection connection;

    SlotCreationWatch(Endpoint source, String slot) {
        this.slot = slot;
        this.connection = new KeptConnection(source, "source");
    }

    /** What the creation of the slot waits for now; empty when it is not being created or waits for nothing. */
    Optional<Wait> check() throws SQLException {
        try {
            // The walsender's query is the replication command (CREATE_REPLICATION_SLOT "slot" LOGICAL ...); it waits
            // on the transaction id lock of each transaction that was writing when it began, one after another.
            try (PreparedStatement ps = connection.get().prepareStatement("SELECT b.pid, b.usename, b.datname,"
                    + " b.application_name, b.xact_start, b.state, left(regexp_replace(b.query, '\\s+', ' ', 'g'), 120),"
                    + " w.query_start, w.query"
                    + " FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)"
                    + " JOIN pg_stat_activity b ON b.pid = blocking.pid"
                    + " WHERE w.backend_type = 'walsender' AND w.query ILIKE '%CREATE_REPLICATION_SLOT%'"
                    + " AND strpos(w.query, ?) > 0 ORDER BY b.xact_start NULLS LAST, b.pid")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Blocker> found = new ArrayList<>();
                    Instant asked = null;
                    String creating = slot;
                    while (rs.next()) {
                        Matcher named = CREATING.matcher(rs.getString(9));
                        String name = named.find() ? named.group(1) : slot;
                        if (!name.equals(slot) && !name.equals(slot + "_copy")) {
                            continue; // another job's, whose name starts like this one's
                        }
                        creating = name; // the stream's slot, or a copy engine's
                        found.add(new Blocker(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                instant(rs.getTimestamp(5)), rs.getString(6), rs.getString(7)));
                        asked = instant(rs.getTimestamp(8));
                    }
                    return found.isEmpty() ? Optional.empty() : Optional.of(new Wait(creating, asked, found));
                }
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** What a person needs to know: the slot, how long it has waited, for which sessions, and how to end the wait. */
    String describe(Wait wait, Instant now) {
        Blocker first = wait.blockers().get(0);
        String who = wait.blockers().stream().map(b -> b.describe(now)).reduce((a, b) -> a + "; " + b).orElseThrow();
        return "waiting" + (wait.askedAt() == null ? "" : " " + human(Duration.between(wait.askedAt(), now)))
                + " for " + who + " to end before the replication slot " + wait.slot() + " can be created: PostgreSQL"
                + " creates a logical slot only once every transaction that was writing when it was asked for has"
                + " ended; nothing is copied until then. Commit or roll back that transaction, or end its session:"
                + " SELECT pg_terminate_backend(" + first.pid() + ");";
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    @Override
    public void close() {
        connection.close();
    }
}
