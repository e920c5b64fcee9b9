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
import java.util.regex.Pattern;

/**
 * Turns a failed connection attempt into one message a person can act on: refused,
 * timed out, unknown host, rejected login, unknown database and TLS trouble each read
 * differently. The password never appears, even where a driver quotes it.
 */
public final class ConnectionFailure {

    private static final Pattern TLS_REQUIRED = Pattern.compile(
            "insecure transport are prohibited|no pg_hba\\.conf entry for .*no encryption|require_secure_transport");
    private static final Pattern HOST_NOT_IN_CERTIFICATE = Pattern.compile(
            "(?i)hostname verification failed|could not be verified by hostnameverifier|doesn't correspond to certificate"
            + "|no subject alternative|certificate.*does not match|certificate.*hostname");
    private static final Pattern CERTIFICATE_NOT_TRUSTED = Pattern.compile(
            "(?i)PKIX path|unable to find valid certification path|certificate_unknown|unknown_ca|self[- ]signed"
            + "|CertPathValidatorException|certificate verify failed|signature check failed");

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
                Explained tls = tlsProblem(e, endpoint, side, where, serverSays);
                problem = tls.problem();
                fix = tls.fix();
            }
            default -> {
                problem = "cannot connect to the " + side + " at " + where + ": " + serverSays;
                fix = "check the " + side + " section of the job file and that the server accepts connections";
            }
        }
        return new DbmoveException(ErrorCode.PRECONDITION_FAILED, problem, fix, e);
    }

    /** A failure as one problem line and one fix line. */
    private record Explained(String problem, String fix) {
    }

    /**
     * The TLS failures a person can fix differ in the fix: a certificate the CA did not sign
     * (tls.ca), a certificate that does not name the host (host, or verify-ca), and a server
     * that accepts only TLS while the job file turned it off (tls.mode).
     */
    private static Explained tlsProblem(SQLException e, Endpoint endpoint, String side, String where, String driverSays) {
        String all = allMessages(e);
        // "...: sun.security.provider.certpath.SunCertPathBuilderException: unable to ..." reads as a crash.
        String serverSays = driverSays.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
        String ca = endpoint.tls().caFile() == null ? null : endpoint.tls().caFile().toString();
        if (TLS_REQUIRED.matcher(all).find()) {
            return new Explained("the " + side + " server at " + where + " accepts only TLS connections, and "
                    + side + ".tls.mode is " + endpoint.tls().mode() + " (" + serverSays + ")",
                    "set " + side + ".tls to {mode: verify-full, ca: <the server's CA certificate, PEM>}"
                    + " (or mode: require, which encrypts without checking the certificate)");
        }
        if (HOST_NOT_IN_CERTIFICATE.matcher(all).find()) {
            return new Explained("cannot connect to the " + side + " at " + where + ": its TLS certificate does not name the"
                    + " host '" + endpoint.host() + "', which tls.mode verify-full requires (" + serverSays + ")",
                    "set " + side + ".host to a name the server's certificate holds (one of its subject alternative"
                    + " names), or set " + side + ".tls.mode to verify-ca to check the CA only");
        }
        if (CERTIFICATE_NOT_TRUSTED.matcher(all).find()) {
            return new Explained("cannot connect to the " + side + " at " + where + ": its TLS certificate could not be"
                    + " verified: " + (ca == null ? "no CA in the JVM's trust store signed it" : "it is not signed by the"
                    + " CA in " + side + ".tls.ca (" + ca + ")") + " (" + serverSays + ")",
                    "set " + side + ".tls.ca to the PEM file of the CA that signed the server's certificate (for RDS"
                    + " and Aurora, the region's certificate bundle); tls.mode: require encrypts without this check");
        }
        return new Explained("cannot connect to the " + side + " at " + where + ": TLS failed (" + serverSays + ")",
                "check " + side + ".tls.mode and " + side + ".tls.ca: the CA must sign the server's certificate,"
                + " and verify-full needs the host name in it");
    }

    private static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    public static Kind classify(SQLException e) {
        String all = allMessages(e);
        if (TLS_REQUIRED.matcher(all).find() || HOST_NOT_IN_CERTIFICATE.matcher(all).find()
                || CERTIFICATE_NOT_TRUSTED.matcher(all).find()) {
            return Kind.TLS;
        }
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
