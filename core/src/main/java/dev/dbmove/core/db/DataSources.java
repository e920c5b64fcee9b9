package dev.dbmove.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.dialect.Dialect;

/** Connection pools for the long-running parts of a job. */
public final class DataSources {
    private DataSources() {
    }

    /**
     * A pool of at most {@code maxConnections}; the caller closes it. The pool's name
     * shows in logs, the password never does.
     */
    public static HikariDataSource pool(Endpoint endpoint, String name, int maxConnections) {
        Dialect dialect = Dialect.of(endpoint.type());
        HikariConfig config = new HikariConfig();
        config.setPoolName("dbmove-" + name);
        config.setJdbcUrl(dialect.jdbcUrl(endpoint));
        config.setDataSourceProperties(dialect.jdbcProperties(endpoint, Jdbc.DEFAULT_CONNECT_TIMEOUT_SECONDS));
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password().reveal());
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Jdbc.DEFAULT_CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
