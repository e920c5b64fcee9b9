package dev.dbmove.replicator.preflight;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dbmove check}: everything that must hold before a replication can start, checked
 * against the real servers. A side that cannot be reached is one failed check (with the
 * reason), not an exception, so the other side is still checked.
 */
public final class Preflight {
    private static final int LIST_LIMIT = 10;

    private final int connectTimeoutSeconds;

    public Preflight(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    public PreflightReport run(JobConfig job) {
        List<CheckResult> results = new ArrayList<>();
        sameServer(job).ifPresent(results::add);
        Long[] sourcePacket = new Long[1];
        List<TableInfo> selected = checkSource(job, results, sourcePacket);
        checkTarget(job, selected, sourcePacket[0], results);
        return new PreflightReport(job.job(), results);
    }

    /**
     * Source and target on one MySQL/MariaDB server cannot work: the snapshot holds the global
     * read lock while Debezium writes its schema history into the target, on the same server.
     */
    public static java.util.Optional<CheckResult> sameServer(JobConfig job) {
        Endpoint s = job.source();
        Endpoint t = job.target();
        if (s.type().isMySqlFamily() && t.type().isMySqlFamily() && s.host().equalsIgnoreCase(t.host()) && s.port() == t.port()) {
            return java.util.Optional.of(CheckResult.fail("target", "separate server", "source and target are the same"
                    + " server (" + s.host() + ":" + s.port() + "); the snapshot's global read lock would block the job's"
                    + " own state writes", "move to another MySQL/MariaDB server (that is what a move is), or, to copy"
                    + " a database within one server, use mysqldump"));
        }
        return java.util.Optional.empty();
    }

    /** @param sourcePacket gets a MySQL/MariaDB source's max_allowed_packet */
    private List<TableInfo> checkSource(JobConfig job, List<CheckResult> results, Long[] sourcePacket) {
        Endpoint source = job.source();
        Connection c = connect(source, "source", results);
        if (c == null) {
            return List.of();
        }
        try (c) {
            ServerInfo server = server(c, source, "source", results);
            Dialect dialect = Dialect.of(source.type());
            List<TableInfo> all = dialect.readTables(c, source.schema());
            List<TableInfo> selected = all.stream().filter(t -> job.tables().selects(t.id().name())).toList();
            if (source.type().isMySqlFamily()) {
                results.addAll(new MySqlSourceChecks(c, source, server).run());
                sourcePacket[0] = Long.parseLong(ServerProbe.Sql.string(c, "SELECT @@GLOBAL.max_allowed_packet"));
            } else {
                results.addAll(new PostgresSourceChecks(c, server, job.names(), selected).run());
            }
            results.addAll(TableChecks.run(c, dialect, all, selected, job.tables(),
                    source.type().isMySqlFamily() ? source.database() : source.database() + "." + source.schema()));
            return selected;
        } catch (SQLException e) {
            results.add(CheckResult.fail("source", "catalog", "reading the source failed: " + source.password().maskIn(
                    e.getMessage()), "check that user " + source.user() + " may read information_schema / pg_catalog"));
            return List.of();
        }
    }

    private void checkTarget(JobConfig job, List<TableInfo> selected, Long sourcePacket, List<CheckResult> results) {
        Endpoint target = job.target();
        Connection c = connect(target, "target", results);
        if (c == null) {
            return;
        }
        try (c) {
            server(c, target, "target", results);
            results.addAll(new TargetChecks(c, target, job.names()).run(selected, job.source().type(), sourcePacket));
        } catch (SQLException e) {
            results.add(CheckResult.fail("target", "catalog", "reading the target failed: " + target.password().maskIn(
                    e.getMessage()), "check that user " + target.user() + " may read information_schema / pg_catalog"));
        }
    }

    private Connection connect(Endpoint endpoint, String side, List<CheckResult> results) {
        try {
            Connection c = Jdbc.connect(endpoint, side, connectTimeoutSeconds);
            results.add(CheckResult.pass(side, "connect", "connected to " + endpoint.host() + ":" + endpoint.port()
                    + "/" + endpoint.database() + " as " + endpoint.user()));
            return c;
        } catch (DbmoveException e) {
            results.add(CheckResult.fail(side, "connect", e.getMessage(), e.fix()));
            return null;
        }
    }

    private static ServerInfo server(Connection c, Endpoint endpoint, String side, List<CheckResult> results)
            throws SQLException {
        ServerInfo info = ServerProbe.probe(c, endpoint.type());
        if (info.flavour() != endpoint.type()) {
            results.add(CheckResult.warn(side, "server", info.describe() + ", but the job file says " + side
                    + ".type: " + endpoint.type(), "set " + side + ".type: " + info.flavour().configName()));
        } else if (tooOld(info)) {
            results.add(CheckResult.fail(side, "server", info.describe() + " is too old: dbmove needs MySQL 8.0,"
                    + " MariaDB 10.6 or PostgreSQL 10 and later", "upgrade the server first"));
        } else {
            results.add(CheckResult.pass(side, "server", info.describe()));
        }
        return info;
    }

    private static boolean tooOld(ServerInfo info) {
        int version = info.major() * 100 + info.minor();
        return switch (info.flavour()) {
            case MYSQL -> version < 800;
            case MARIADB -> version < 1006;
            case POSTGRESQL -> info.major() < 10;
        };
    }

    /** A list for a message: the first few names and how many more. */
    static String list(List<String> items) {
        if (items.size() <= LIST_LIMIT) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, LIST_LIMIT)) + " and " + (items.size() - LIST_LIMIT) + " more";
    }
}
