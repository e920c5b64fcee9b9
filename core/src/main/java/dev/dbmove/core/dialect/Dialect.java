package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.CatalogReader;
import dev.dbmove.core.catalog.ColumnInfo;

import java.util.Optional;
import java.util.Properties;

/** What dbmove needs to know about one database engine. Implementations are stateless. */
public interface Dialect extends CatalogReader {

    DatabaseType type();

    /** The JDBC URL for an endpoint; credentials are never part of it. */
    String jdbcUrl(Endpoint endpoint);

    /** Driver properties: user, password, TLS and timeouts. */
    Properties jdbcProperties(Endpoint endpoint, int connectTimeoutSeconds);

    /** Quotes an identifier so that any name, however hostile, is taken literally. */
    String quote(String identifier);

    default String qualify(TableId table) {
        return quote(table.schema()) + "." + quote(table.name());
    }

    /**
     * Why dbmove cannot replicate a column of this type, or empty when it can.
     * The reason names the type as the server declares it.
     */
    Optional<String> unsupportedType(ColumnInfo column);

    static Dialect of(DatabaseType type) {
        return switch (type) {
            case MYSQL, MARIADB -> new MySqlDialect(type);
            case POSTGRESQL -> new PostgresDialect();
        };
    }
}
