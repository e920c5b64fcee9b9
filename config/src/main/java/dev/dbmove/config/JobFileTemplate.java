package dev.dbmove.config;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TlsMode;

import java.util.Objects;
import java.util.stream.Collectors;

/** The commented job file that {@code dbmove init} writes for a source and target pair. */
public final class JobFileTemplate {
    public static final String SOURCE_PASSWORD_VARIABLE = "DBMOVE_SOURCE_PASSWORD";
    public static final String TARGET_PASSWORD_VARIABLE = "DBMOVE_TARGET_PASSWORD";

    private static final String JOB = "my-move";
    /** Comments start in one column so they read as a second column of the file. */
    private static final int COMMENT_COLUMN = 34;

    private JobFileTemplate() {
    }

    /** Loads as it is once both password variables are set; every key carries a comment saying what it is for. */
    public static String render(DatabaseType source, DatabaseType target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        StringBuilder out = new StringBuilder();
        out.append("""
                # dbmove job: what to move, from where, to where.
                # Check it with `dbmove check`, then start with `dbmove replicate`.
                #
                # Any value may use ${env:NAME}, ${env:NAME:-default} or ${file:PATH}
                # (a relative PATH starts at this file's directory); write $${ for a literal ${.
                # Keep passwords out of this file: export them or keep them in files.

                # Names the job's replication slot, publication and state schema: lower-case
                # letters, digits, '-' and '_', starting with a letter, at most 40 characters.
                job: %s

                # The database to move. dbmove copies its tables, then follows its change log.
                """.formatted(JOB));
        endpoint(out, "source", source, "source-db.example.com", SOURCE_PASSWORD_VARIABLE,
                "reads the tables and the " + (source.isMySqlFamily() ? "binlog" : "WAL (logical replication)")
                        + "; `dbmove check` lists missing privileges");
        out.append("""

                # The database to move to. dbmove keeps its own state there too, in a %s
                # named after the job (%s).
                """.formatted(target.isMySqlFamily() ? "database" : "schema", new JobNames(JOB).stateSchema()));
        endpoint(out, "target", target, "target-db.example.com", TARGET_PASSWORD_VARIABLE,
                "writes the tables and the job's state; `dbmove check` lists missing privileges");
        out.append("""

                # Which tables to move: names or wildcards (* any characters, ? one character),
                # case-sensitive. A table that matches exclude stays behind even if include names it.
                tables:
                """);
        commented(out, "  include: [\"*\"]", "one name or pattern, or a list of them");
        commented(out, "  exclude: []", "e.g. [\"audit_*\", \"tmp_?\"]");
        commented(out, "  # keys: {audit_log: [logged_at, seq]}", "key columns for tables without a primary key");
        out.append("""

                # How the target tables come about.
                replication:
                """);
        commented(out, "  schema: create", "create: from the source catalog; existing: check the tables already there");
        if (source.isMySqlFamily()) {
            commented(out, "  zeroDates: fail", "MySQL 0000-00-00: fail (refuse to start) or to-null (copy as NULL)");
        }
        commented(out, "  fullLoad: fast", "fast: dbmove's parallel readers into COPY / LOAD DATA; debezium: Debezium's snapshot");
        commented(out, "  engine: embedded", "embedded: one dbmove process; kafka-connect: your Kafka Connect cluster"
                + " (docs/kafka-connect.md)");
        out.append("  # kafkaConnect: {connectUrl: \"http://connect:8083\", bootstrapServers: \"kafka:9092\", tasksMax: 4}\n");
        validation(out);
        cutover(out, target);
        return out.toString();
    }

    /** The defaults, written out so the user sees what can be tuned and what reports hide. */
    private static void validation(StringBuilder out) {
        ValidationSettings defaults = ValidationSettings.DEFAULT;
        out.append("""

                # How `dbmove validate` compares source and target: chunk by chunk, by checksum,
                # also while replication runs. Durations: 500ms, 30s, 5m, 1h, 1h30m.
                validation:
                """);
        commented(out, "  parallelism: " + defaults.parallelism(),
                "chunks compared at once, " + ValidationSettings.MIN_PARALLELISM + " to "
                        + ValidationSettings.MAX_PARALLELISM + "; each holds a source and a target connection");
        commented(out, "  chunkTime: " + Durations.format(defaults.chunkTime()),
                "aim for chunks that take about this long on the source, "
                        + Durations.format(ValidationSettings.MIN_CHUNK_TIME) + " to " + Durations.format(ValidationSettings.MAX_CHUNK_TIME));
        commented(out, "  maxRowsPerSecond: " + defaults.maxRowsPerSecond(),
                "source rows checksummed per second at most; 0: no limit");
        commented(out, "  settleTimeout: " + Durations.format(defaults.settleTimeout()),
                "while replicating, wait this long for a differing row's change before reporting it pending");
        commented(out, "  samples: " + defaults.samples(), "differing keys listed per table in the report, 0 to " + ValidationSettings.MAX_SAMPLES);
        commented(out, "  mask: " + defaults.mask().stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ", "[", "]")),
                "columns whose values reports never show: patterns for column or table.column, any case");
    }

    /**
     * An example, commented out: the job loads with the defaults until the user writes the
     * commands of their own applications.
     */
    private static void cutover(StringBuilder out, DatabaseType target) {
        CutoverSettings defaults = CutoverSettings.DEFAULT;
        out.append("""

                # How `dbmove cutover` moves the applications to the target: it stops them, drains
                # the last changes, rewrites their settings, starts them and checks their health.
                # Remove the leading # to use it. Commands, rewritten values and URLs may use
                # ${target.host}, ${target.port}, ${target.user}, ${target.database}, ${target.schema}
                # (and the same with source.), filled in when the cutover runs; ${target.password}
                # only in a command's env:, so it stays out of files and command lines.
                """);
        commentedOut(out, "cutover:", "");
        commentedOut(out, "  maxLagSeconds: " + defaults.maxLagSeconds(),
                "refuse to start while replication lags more seconds than this");
        commentedOut(out, "  requireValidation: " + defaults.requireValidation().map(Durations::format).orElse("none"),
                "a clean `dbmove validate` no older than this; none: not required");
        commentedOut(out, "  stop:", "commands that stop the applications, in this order");
        commentedOut(out, "    - run: systemctl stop shop-web", "");
        commentedOut(out, "      timeout: " + Durations.format(Command.DEFAULT_TIMEOUT), "per command");
        commentedOut(out, "    - run: systemctl stop shop-worker", "");
        commentedOut(out, "  freeze: " + defaults.freeze().configName(),
                "auto: the source is read-only while the last changes drain; none");
        commentedOut(out, "  drainTimeout: " + Durations.format(defaults.drainTimeout()),
                "how long the last changes may take to reach the target");
        commentedOut(out, "  verify: " + defaults.verify().configName(),
                "then compare: changed (rows changed since validate), all or none");
        commentedOut(out, "  sequences: " + defaults.sequences().configName(),
                "auto: move the target's sequences past the copied values; none");
        commentedOut(out, "  rewrite:", "settings files that name the database, in this order");
        commentedOut(out, "    - file: /etc/shop/database.yml", "format from the name (.yml .json .properties .env .ini), or add format:");
        commentedOut(out, "      set: {production.host: \"${target.host}\", production.port: \"${target.port}\"}", "");
        commentedOut(out, "    - file: /etc/shop/legacy.rb", "or edit the text: a Java regular expression");
        commentedOut(out, "      replace: {pattern: \"db_host = '.*'\", with: \"db_host = '${target.host}'\"}", "");
        commentedOut(out, "  start:", "commands that start the applications, in this order");
        commentedOut(out, "    - run: systemctl start shop-worker", "");
        // The variable the target's own client programs read the password from.
        String passwordVariable = target.isMySqlFamily() ? "MYSQL_PWD" : "PGPASSWORD";
        commentedOut(out, "      env: {" + passwordVariable + ": \"${target.password}\"}", "the environment the command runs in");
        commentedOut(out, "    - run: systemctl start shop-web", "");
        commentedOut(out, "  health:", "checks that the applications work, in this order");
        commentedOut(out, "    - http: http://127.0.0.1:8080/health", "");
        commentedOut(out, "      expect: " + HealthCheck.DEFAULT_EXPECT, "the HTTP status that passes");
        commentedOut(out, "      within: " + Durations.format(HealthCheck.DEFAULT_WITHIN), "how long it may take to pass");
        commentedOut(out, "    - run: /usr/local/bin/shop-smoke-test", "passes when it exits with status 0");
    }

    /** A line of YAML behind '# ', with its comment in the comment column. */
    private static void commentedOut(StringBuilder out, String code, String comment) {
        if (comment.isEmpty()) {
            out.append("# ").append(code).append('\n');
        } else {
            commented(out, "# " + code, comment);
        }
    }

    private static void endpoint(StringBuilder out, String side, DatabaseType type, String host,
                                 String passwordVariable, String userNote) {
        out.append(side).append(":\n");
        commented(out, "  type: " + type, DatabaseType.allowedNames());
        commented(out, "  host: " + host, "name or IP address of the server");
        commented(out, "  port: " + type.defaultPort(), "the default for " + type);
        if (type.isMySqlFamily()) {
            commented(out, "  database: app", "in " + type + " the database is also the schema");
        } else {
            commented(out, "  database: app", "the database to connect to");
            commented(out, "  schema: public", "the schema that holds the tables");
        }
        commented(out, "  user: dbmove", userNote);
        commented(out, "  password: ${env:" + passwordVariable + "}",
                "or ${file:/run/secrets/" + side + "-password}");
        out.append("  tls:\n");
        commented(out, "    mode: " + TlsMode.PREFER, TlsMode.allowedNames());
        commented(out, "    # ca: /etc/ssl/certs/db-ca.pem",
                "PEM file of the CA that signed the server's certificate");
    }

    private static void commented(StringBuilder out, String code, String comment) {
        out.append(code).append(" ".repeat(Math.max(2, COMMENT_COLUMN - code.length()))).append("# ").append(comment).append('\n');
    }

    /** The variable the template reads a side's password from. */
    static String passwordVariable(String side) {
        return "source".equals(side) ? SOURCE_PASSWORD_VARIABLE : TARGET_PASSWORD_VARIABLE;
    }
}
