package dev.dbmove.core.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads the tables of one schema (PostgreSQL) or database (MySQL/MariaDB) from the server's catalog. */
public interface CatalogReader {
    /** Base tables only (no views), sorted by name; never null. */
    List<TableInfo> readTables(Connection connection, String schema) throws SQLException;
}
