package dev.dbmove.core;

import java.util.Objects;

/**
 * Where one side of a job lives and how to log in. Immutable; prints without the password.
 *
 * @param schema the PostgreSQL schema holding the tables; for MySQL and MariaDB the database itself
 */
public record Endpoint(DatabaseType type, String host, int port, String database, String schema,
                       String user, Secret password, TlsSettings tls) {
    public Endpoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? Secret.EMPTY : password;
        tls = tls == null ? TlsSettings.DEFAULT : tls;
        if (schema == null || schema.isEmpty()) {
            schema = type.isMySqlFamily() ? database : "public";
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
        }
    }

    /** host:port/database, for messages. */
    public String address() {
        return host + ":" + port + "/" + database;
    }

    public Endpoint withDatabase(String otherDatabase) {
        return new Endpoint(type, host, port, otherDatabase, type.isMySqlFamily() ? otherDatabase : schema,
                user, password, tls);
    }

    public Endpoint withCredentials(String otherUser, Secret otherPassword) {
        return new Endpoint(type, host, port, database, schema, otherUser, otherPassword, tls);
    }

    public Endpoint withPort(int otherPort) {
        return new Endpoint(type, host, otherPort, database, schema, user, password, tls);
    }
}
