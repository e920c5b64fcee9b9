package dev.dbmove.core.db;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns a failed connection attempt into one message a person can act on: refused,
 * timed out, unknown host, rejected login, unknown database and TLS trouble each read
 * differently. The password never appears, even where a driver quotes it.
 */
public final class ConnectionFailure {

    /** Which cause a failure was put down to; tests and JSON output use it. */
    public enum Kind { REFUSED, TIMEOUT, UNKNOWN_HOST, AUTHENTICATION, UNKNOWN_DATABASE, TLS, OTHER }

    private ConnectionFailure() {
    }

    /**
     * @param side "source" or "target": the job-file section the fix refers to
     */
    public static DbmoveException explain(SQLException e, Endpoint endpoint, String side) {
        Kind kind = classify(e);
        String where = endpoint.host() + ":" + endpoint.port();
        String serverSays = endpoint.password().maskIn(firstLine(e.getMessage()));
        String problem;
        String fix;
        switch (kind) {
            case REFUSED -> {
                problem = "cannot connect to the " + side + " at " + where + ": connection refused (nothing listens on that port)";
                fix = "start the " + endpoint.type() + " server, or correct " + side + ".host / " + side + ".port"
                        + " (a firewall or a server bound to another address also refuses)";
            }
            case TIMEOUT -> {
                problem = "cannot connect to the " + side + " at " + where + ": the connection timed out";
                fix = "check that " + where + " is reachable from this machine (security group, firewall, VPN)"
                        + " and that " + side + ".host / " + side + ".port are right";
            }
            case UNKNOWN_HOST -> {
                problem = "cannot connect to the " + side + ": the host name '" + endpoint.host() + "' does not resolve";
                fix = "correct " + side + ".host (a typo, or a name only known inside another network)";
            }
            case AUTHENTICATION -> {
                problem = "the " + side + " server at " + where + " rejected the login of user '" + endpoint.user()
                        + "' (" + serverSays + ")";
                fix = endpoint.type().isMySqlFamily()
                        ? "check " + side + ".user and " + side + ".password; on the server the user must exist for"
                          + " this client's host, e.g. CREATE USER '" + endpoint.user() + "'@'%' IDENTIFIED BY '...'"
                        : serverSays.contains("pg_hba")
                          ? "add a line for this client to the server's pg_hba.conf (or the managed service's"
                            + " network rules) and reload the server"
                          : "check " + side + ".user and " + side + ".password (ALTER ROLE " + endpoint.user()
                            + " PASSWORD '...' sets it)";
            }
            case UNKNOWN_DATABASE -> {
                problem = "the " + side + " server at " + where + " has no database '" + endpoint.database() + "'";
                fix = "correct " + side + ".database, or create the database (CREATE DATABASE ...)";
            }
            case TLS -> {
                problem = "cannot connect to the " + side + " at " + where + ": TLS failed (" + serverSays + ")";
                fix = "check " + side + ".tls.mode and " + side + ".tls.ca: the CA must sign the server's certificate,"
                        + " and verify-full needs the host name in it";
            }
            default -> {
                problem = "cannot connect to the " + side + " at " + where + ": " + serverSays;
                fix = "check the " + side + " section of the job file and that the server accepts connections";
            }
        }
        return new DbmoveException(ErrorCode.PRECONDITION_FAILED, problem, fix, e);
    }

    public static Kind classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int vendor = e.getErrorCode();
        if ("28P01".equals(state) || "28000".equals(state) || vendor == 1045 || vendor == 1044) {
            return Kind.AUTHENTICATION;
        }
        if ("3D000".equals(state) || vendor == 1049) {
            return Kind.UNKNOWN_DATABASE;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Kind.UNKNOWN_HOST;
            }
            if (t instanceof SocketTimeoutException || t instanceof NoRouteToHostException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                return m.contains("timed out") ? Kind.TIMEOUT : Kind.REFUSED;
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return Kind.TLS;
            }
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("access denied") || message.contains("password authentication failed")) {
            return Kind.AUTHENTICATION;
        }
        if (message.contains("unknown database")) {
            return Kind.UNKNOWN_DATABASE;
        }
        if (message.contains("connection refused")) {
            return Kind.REFUSED;
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return Kind.TIMEOUT;
        }
        if (message.contains("ssl") || message.contains("tls") || message.contains("certificate")) {
            return Kind.TLS;
        }
        return Kind.OTHER;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail from the driver";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
