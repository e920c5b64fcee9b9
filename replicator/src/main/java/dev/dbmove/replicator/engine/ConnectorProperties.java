package dev.dbmove.replicator.engine;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TableId;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.dialect.PemTrustStore;
import dev.dbmove.core.dialect.StrictMariaDbTls;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Debezium embedded-engine configuration for one job: which connector, how it reaches
 * the source, which tables, and how values are represented. Representation choices are
 * made here once, for every direction: decimals as strings (exact, and NUMERIC without
 * scale, NaN and DECIMAL(65,30) all fit), unsigned BIGINT exactly, microsecond times,
 * intervals as ISO-8601 text, bytes as bytes.
 */
public final class ConnectorProperties {
    /** Events per engine batch; bounded, so that memory is bounded whatever the table size. */
    static final int MAX_BATCH = 4096;
    static final int MAX_QUEUE = 16384;
    /** Bytes Debezium's queue may hold (its estimate of the records' size). */
    static final long MAX_QUEUE_BYTES = 64L * 1024 * 1024;

    private ConnectorProperties() {
    }

    /**
     * @param connector  the source flavour the server really is (MariaDB uses its own connector)
     * @param tables     the selected source tables
     * @param keyColumns key columns named in the job file for tables without a key, by table name
     * @param state      the properties of the offset and schema-history stores in the target
     */
    public static Properties build(JobNames names, Endpoint source, DatabaseType connector, List<TableId> tables,
                                   Map<String, List<String>> keyColumns, Map<String, String> state, int serverId) {
        Properties p = new Properties();
        p.setProperty("name", names.job());
        p.setProperty("topic.prefix", names.replicationSlot());
        p.setProperty("database.hostname", source.host());
        p.setProperty("database.port", Integer.toString(source.port()));
        p.setProperty("database.user", source.user());
        p.setProperty("database.password", source.password().reveal());
        p.setProperty("table.include.list", includeList(tables));
        if (!keyColumns.isEmpty()) {
            p.setProperty("message.key.columns", keyColumns.entrySet().stream()
                    .map(e -> source.schema() + "." + e.getKey() + ":" + String.join(",", e.getValue()))
                    .collect(Collectors.joining(";")));
        }

        // The stream engine reads no rows: it fixes the start position (and, for MySQL, the schema) and streams.
        // Rows are copied by copy engines while the stream is applied; see LoadingTables for why that converges.
        p.setProperty("snapshot.mode", "no_data");
        // A TRUNCATE must reach the target; Debezium skips truncate events unless told otherwise.
        p.setProperty("skipped.operations", "none");
        p.setProperty("snapshot.fetch.size", "5000");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("tombstones.on.delete", "false");
        // The first heartbeat marks the stream's start (the copy waits for it): every 250 ms, not every second.
        p.setProperty("heartbeat.interval.ms", "250");
        // A MySQL/MariaDB source that restarts is reconnected by the binlog client's keep-alive thread, which
        // looks every minute by default: the stream stood still for up to a minute after a restart.
        p.setProperty("connect.keep.alive.interval.ms", "5000");
        p.setProperty("max.batch.size", Integer.toString(MAX_BATCH));
        p.setProperty("max.queue.size", Integer.toString(MAX_QUEUE));
        // Wide rows or big values must not fill the heap: the queue is bounded in bytes too.
        p.setProperty("max.queue.size.in.bytes", Long.toString(MAX_QUEUE_BYTES));
        p.setProperty("poll.interval.ms", "50");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        // A PostgreSQL task's start creates the slot, which waits for every transaction writing on the source when it
        // is asked for (LiveReporter names them): Debezium's 40 s for a task to start ended the run with "Time out
        // while waiting for source task to start" however soon the transaction would have ended. A stop does not
        // wait on this (the engine refuses to stop a starting task; the replicator leaves it).
        p.setProperty("internal.task.management.timeout.ms", Long.toString(java.time.Duration.ofDays(1).toMillis()));
        p.setProperty("errors.max.retries", "-1");
        p.setProperty("errors.retry.delay.initial.ms", "500");
        p.setProperty("errors.retry.delay.max.ms", "10000");

        // The engine commits offsets after every batch: our applier marks a record processed
        // only once the target transaction holding it has committed.
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("offset.flush.timeout.ms", "30000");
        p.putAll(state);

        switch (connector) {
            case MYSQL, MARIADB -> {
                p.setProperty("connector.class", connector == DatabaseType.MARIADB
                        ? "io.debezium.connector.mariadb.MariaDbConnector" : "io.debezium.connector.mysql.MySqlConnector");
                p.setProperty("database.server.id", Integer.toString(serverId));
                // The source session runs in UTC, which needs no time zone tables on the server (the MariaDB
                // connector would otherwise name the JVM's zone and fail where they are missing), and TIMESTAMP
                // values are read as UTC readings (see MySqlTimestampConverter).
                p.setProperty("converters", connector == DatabaseType.MARIADB ? "dbmovets,dbmoveuuid,dbmoveblob"
                        : "dbmovets,dbmoveblob");
                p.setProperty("dbmovets.type", MySqlTimestampConverter.class.getName());
                p.setProperty("dbmoveblob.type", MySqlBlobConverter.class.getName());
                if (connector == DatabaseType.MARIADB) {
                    p.setProperty("database.timezone", "+00:00");
                    p.setProperty("dbmoveuuid.type", MariaDbUuidConverter.class.getName());
                } else {
                    p.setProperty("database.connectionTimeZone", "+00:00");
                    p.setProperty("database.forceConnectionTimeZoneToSession", "true");
                }
                p.setProperty("database.include.list", Pattern.quote(source.database()));
                p.setProperty("bigint.unsigned.handling.mode", "precise");
                p.setProperty("include.schema.changes", "true");
                p.setProperty("include.query", "false");
                p.setProperty("database.ssl.mode", connector == DatabaseType.MARIADB
                        ? switch (source.tls().mode()) {
                            // The MariaDB driver has no opportunistic TLS, as in dbmove check.
                            case DISABLE, PREFER -> "disable";
                            case REQUIRE -> "trust";
                            case VERIFY_CA -> "verify-ca";
                            case VERIFY_FULL -> "verify-full";
                        }
                        : switch (source.tls().mode()) {
                            case DISABLE -> "disabled";
                            case PREFER -> "preferred";
                            case REQUIRE -> "required";
                            case VERIFY_CA -> "verify_ca";
                            case VERIFY_FULL -> "verify_identity";
                        });
                if (source.tls().caFile() != null && source.tls().mode() != TlsMode.DISABLE) {
                    // The binlog reader verifies against a key store only; the MariaDB driver of Debezium's
                    // queries takes the PEM file itself.
                    p.setProperty("database.ssl.truststore", PemTrustStore.create(source.tls().caFile()).toString());
                    p.setProperty("database.ssl.truststore.password", PemTrustStore.PASSWORD);
                    if (connector == DatabaseType.MARIADB) {
                        p.setProperty("database.serverSslCert", source.tls().caFile().toString());
                    }
                }
                if (connector == DatabaseType.MARIADB && source.tls().mode().verifiesCertificate()) {
                    p.setProperty("database.tlsSocketType", StrictMariaDbTls.TYPE);
                }
                // On RDS/Aurora the global read lock is refused; Debezium then takes table locks by itself.
                p.setProperty("snapshot.locking.mode", "minimal");
                p.setProperty("connect.timeout.ms", "10000");
                p.setProperty("event.processing.failure.handling.mode", "fail");
                p.setProperty("inconsistent.schema.handling.mode", "fail");
                p.setProperty("enable.time.adjuster", "false");
            }
            case POSTGRESQL -> {
                p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
                p.setProperty("database.dbname", source.database());
                p.setProperty("plugin.name", "pgoutput");
                p.setProperty("slot.name", names.replicationSlot());
                p.setProperty("publication.name", names.publication());
                p.setProperty("publication.autocreate.mode", "filtered");
                p.setProperty("schema.include.list", Pattern.quote(source.schema()));
                p.setProperty("interval.handling.mode", "string");
                // timestamps before 1582-10-15 would otherwise be copied shifted (see PostgresTimestampConverter)
                p.setProperty("converters", "dbmovepgts");
                p.setProperty("dbmovepgts.type", PostgresTimestampConverter.class.getName());
                p.setProperty("hstore.handling.mode", "json");
                p.setProperty("database.sslmode", source.tls().mode().configName());
                if (source.tls().caFile() != null) {
                    p.setProperty("database.sslrootcert", source.tls().caFile().toString());
                }
                p.setProperty("status.update.interval.ms", "1000");
            }
        }
        return p;
    }

    /** Debezium's table.include.list naming exactly these tables. */
    private static String includeList(List<TableId> tables) {
        return tables.stream().map(t -> Pattern.quote(t.schema()) + "\\." + Pattern.quote(t.name()))
                .collect(Collectors.joining(","));
    }

    /** The name of the topic a copy engine's snapshot notifications arrive on. */
    public static String copyNotificationTopic(JobNames names) {
        return names.replicationSlot() + "_copy.notifications";
    }

    /**
     * A copy engine: a snapshot of some tables and nothing else, from the stream engine's
     * properties. It keeps no offsets or schema history (a load that does not finish is
     * started again), takes no lock (the rows may be read at any moment after the stream's
     * start; see LoadingTables), and reads up to {@code threads} tables at once.
     */
    public static Properties copy(Properties stream, JobNames names, DatabaseType connector, List<TableId> tables,
                                  int threads, int serverId) {
        Properties p = new Properties();
        stream.forEach((k, v) -> {
            String key = (String) k;
            if (!key.startsWith("offset.storage") && !key.startsWith("schema.history.internal")) {
                p.put(key, v);
            }
        });
        p.setProperty("name", names.job() + "-copy");
        p.setProperty("topic.prefix", names.replicationSlot() + "_copy");
        p.setProperty("snapshot.mode", "initial_only");
        p.setProperty("table.include.list", includeList(tables));
        p.setProperty("snapshot.max.threads", Integer.toString(Math.max(1, threads)));
        // Debezium splits tables into key ranges read by these threads, a table after another. Each row is read at
        // some moment after the stream's start, which is all the merge with the stream needs (LoadingTables).
        p.setProperty("provide.transaction.metadata", "false");
        p.setProperty("heartbeat.interval.ms", "0");
        p.setProperty("notification.enabled.channels", "sink");
        p.setProperty("notification.sink.topic.name", copyNotificationTopic(names));
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "60000");
        switch (connector) {
            case MYSQL, MARIADB -> {
                p.setProperty("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
                p.setProperty("snapshot.locking.mode", "none");
                p.setProperty("database.server.id", Integer.toString(serverId));
                p.setProperty("include.schema.changes", "false");
            }
            case POSTGRESQL -> {
                p.setProperty("slot.name", names.replicationSlot() + "_copy");
                p.setProperty("publication.autocreate.mode", "disabled");
            }
        }
        return p;
    }
}
