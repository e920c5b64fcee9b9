package dev.dbmove.replicator.apply;

import dev.dbmove.core.DatabaseType;

import javax.sql.DataSource;

/** The writer for a target engine. */
public final class TargetWriters {
    private TargetWriters() {
    }

    public static TargetWriter of(DataSource target, DatabaseType type) {
        return type == DatabaseType.POSTGRESQL ? new PostgresWriter(target) : new MySqlWriter(target, type);
    }
}
