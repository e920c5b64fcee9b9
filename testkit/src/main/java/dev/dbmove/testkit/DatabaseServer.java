package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** A real database server for tests, the demo and benchmarks: embedded, external or in a container. */
public interface DatabaseServer extends AutoCloseable {

    DatabaseType type();

    /** Administrator (root / postgres) credentials for the given database on this server. */
    Endpoint adminEndpoint(String database);

    /** The database every server has (mysql / postgres), for administration. */
    default String systemDatabase() {
        return type().isMySqlFamily() ? "mysql" : "postgres";
    }

    /** One line for logs: what and where. */
    String describe();

    default Connection connectAdmin() {
        return Jdbc.connect(adminEndpoint(systemDatabase()), "test server");
    }

    /** Creates an empty database with a name unique on this server and returns it; closing it drops it. */
    default TestDatabase createDatabase(String hint) {
        return createDatabaseNamed(uniqueName(hint));
    }

    /** Creates an empty database with exactly this name (the demo's "shop"); closing it drops it. */
    default TestDatabase createDatabaseNamed(String name) {
        Dialect dialect = Dialect.of(type());
        try (Connection c = connectAdmin(); Statement s = c.createStatement()) {
            s.execute(type().isMySqlFamily()
                    ? "CREATE DATABASE " + dialect.quote(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                    : "CREATE DATABASE " + dialect.quote(name) + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + describe(), e);
        }
        return new TestDatabase(this, adminEndpoint(name));
    }

    /** Kills the server abruptly (a crash), when it is one this JVM runs; external servers refuse. */
    default void crash() {
        throw new UnsupportedOperationException(describe() + " is not run by this JVM");
    }

    @Override
    void close();

    private static String uniqueName(String hint) {
        String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "t_" + base + "_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }
}
