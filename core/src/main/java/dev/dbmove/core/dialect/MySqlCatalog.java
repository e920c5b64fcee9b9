package dev.dbmove.core.dialect;

import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.ForeignKeyInfo;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads one MySQL/MariaDB database's tables from information_schema. */
final class MySqlCatalog {
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "bigint",
            "decimal", "float", "double", "year");
    private static final Set<String> CHARACTER = Set.of("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> TIME = Set.of("time", "datetime", "timestamp");
    private static final Pattern CURRENT_TIMESTAMP = Pattern.compile("(?i)current_timestamp(\\(\\d?\\))?");

    private final Connection connection;
    private final String schema;

    MySqlCatalog(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    List<TableInfo> read() throws SQLException {
        boolean mariadb = isMariaDb();
        Map<String, Long> estimates = estimates();
        Set<String> jsonColumns = mariadb ? mariaDbJsonColumns() : Set.of();
        Map<String, List<ColumnInfo>> columns = columns(mariadb, jsonColumns);
        Map<String, Map<String, IndexBuilder>> indexes = indexes();
        Map<String, Map<String, ForeignKeyBuilder>> foreignKeys = foreignKeys();
        List<TableInfo> tables = new ArrayList<>();
        estimates.forEach((name, rows) -> {
            List<KeyInfo> unique = new ArrayList<>();
            List<IndexInfo> plain = new ArrayList<>();
            for (IndexBuilder b : indexes.getOrDefault(name, Map.of()).values()) {
                if (b.skip) {
                    continue;
                }
                if (b.unique) {
                    unique.add(new KeyInfo(b.name, b.columns, "PRIMARY".equals(b.name), b.prefixes));
                } else {
                    plain.add(new IndexInfo(b.name, b.columns, b.prefixes));
                }
            }
            // The primary key first, as PostgreSQL lists it.
            unique.sort((a, b) -> Boolean.compare(b.primary(), a.primary()));
            tables.add(new TableInfo(new TableId(schema, name), columns.getOrDefault(name, List.of()), unique, rows,
                    plain, foreignKeys.getOrDefault(name, Map.of()).values().stream().map(ForeignKeyBuilder::build).toList()));
        });
        return tables;
    }

    private boolean isMariaDb() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            return rs.next() && rs.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
        }
    }

    private Map<String, Long> estimates() throws SQLException {
        Map<String, Long> estimates = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rows = rs.getLong(2);
                    estimates.put(rs.getString(1), rs.wasNull() ? -1 : rows);
                }
            }
        }
        return estimates;
    }

    /** MariaDB's JSON is LONGTEXT plus a column CHECK (json_valid(`c`)); "table\0column" of each. */
    private Set<String> mariaDbJsonColumns() throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                        + " WHERE CONSTRAINT_SCHEMA = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(2);
                    if (("json_valid(`" + column.replace("`", "``") + "`)").equals(rs.getString(3))) {
                        found.add(rs.getString(1) + "\0" + column);
                    }
                }
            }
        }
        return found;
    }

    private Map<String, List<ColumnInfo>> columns(boolean mariadb, Set<String> jsonColumns) throws SQLException {
        Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA,"
                        + " COLUMN_DEFAULT, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,"
                        + " DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String name = rs.getString(2);
                    String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase(Locale.ROOT);
                    String dataType = rs.getString(4).toLowerCase(Locale.ROOT);
                    String columnType = rs.getString(5);
                    if (jsonColumns.contains(table + "\0" + name) && dataType.equals("longtext")) {
                        dataType = "json";
                    }
                    boolean generated = extra.contains("GENERATED") && !extra.contains("DEFAULT_GENERATED");
                    Long maxLength = nullableLong(rs, 9);
                    Integer length = switch (dataType) {
                        case "bit" -> nullableInt(rs, 10);
                        case "enum", "set", "json" -> null;
                        default -> CHARACTER.contains(dataType) && maxLength != null
                                ? (int) Math.min(Integer.MAX_VALUE, maxLength) : null;
                    };
                    Integer precision = dataType.equals("decimal") ? nullableInt(rs, 10)
                            : TIME.contains(dataType) ? nullableInt(rs, 12) : null;
                    Integer scale = dataType.equals("decimal") ? nullableInt(rs, 11) : null;
                    boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
                    List<String> labels = dataType.equals("enum") || dataType.equals("set")
                            ? SqlLiterals.mySqlEnumValues(columnType) : List.of();
                    String defaultExpression = generated ? null
                            : normalizeDefault(mariadb, rs.getString(8), extra, dataType);
                    columns.computeIfAbsent(table, k -> new ArrayList<>()).add(new ColumnInfo(
                            name, rs.getInt(3), dataType, columnType, "YES".equals(rs.getString(6)), generated, false,
                            defaultExpression, length, precision, scale, unsigned, extra.contains("AUTO_INCREMENT"),
                            labels, rs.getString(13), rs.getString(14), generated ? rs.getString(15) : null,
                            generated && extra.contains("STORED"), extra.contains("ON UPDATE"), null));
                }
            }
        }
        return columns;
    }

    /**
     * The default as an expression with string literals quoted. MariaDB (10.2.7+) prints it so already, and
     * the text NULL for a NULL default; MySQL prints literals bare and flags expressions with DEFAULT_GENERATED.
     */
    static String normalizeDefault(boolean mariadb, String printed, String extra, String dataType) {
        if (printed == null || (mariadb && printed.equals("NULL"))) {
            return null;
        }
        if (mariadb || extra.contains("DEFAULT_GENERATED") || NUMERIC.contains(dataType)
                || (dataType.equals("bit") && printed.startsWith("b'"))
                || (TIME.contains(dataType) && CURRENT_TIMESTAMP.matcher(printed).matches())) {
            return printed;
        }
        return SqlLiterals.mysql(printed);
    }

    private Map<String, Map<String, IndexBuilder>> indexes() throws SQLException {
        Map<String, Map<String, IndexBuilder>> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE"
                        + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                        + " ORDER BY TABLE_NAME, NON_UNIQUE, INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    IndexBuilder b = indexes.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), IndexBuilder::new);
                    b.unique = rs.getInt(3) == 0;
                    String column = rs.getString(4);
                    String kind = rs.getString(6);
                    // Functional (MySQL 8), full-text and spatial indexes cannot be carried over.
                    if (column == null || "FULLTEXT".equalsIgnoreCase(kind) || "SPATIAL".equalsIgnoreCase(kind)) {
                        b.skip = true;
                    } else {
                        b.columns.add(column);
                        int prefix = rs.getInt(5);
                        b.prefixes.add(rs.wasNull() ? 0 : prefix);
                    }
                }
            }
        }
        return indexes;
    }

    private Map<String, Map<String, ForeignKeyBuilder>> foreignKeys() throws SQLException {
        Map<String, Map<String, ForeignKeyBuilder>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                        + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE"
                        + " FROM information_schema.KEY_COLUMN_USAGE k"
                        + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                        + "  AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                        + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                        + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ForeignKeyBuilder b = keys.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), ForeignKeyBuilder::new);
                    b.columns.add(rs.getString(3));
                    b.referenced = new TableId(rs.getString(4), rs.getString(5));
                    b.referencedColumns.add(rs.getString(6));
                    b.onDelete = rs.getString(7);
                    b.onUpdate = rs.getString(8);
                }
            }
        }
        return keys;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static final class IndexBuilder {
        final String name;
        final List<String> columns = new ArrayList<>();
        final List<Integer> prefixes = new ArrayList<>();
        boolean unique;
        boolean skip;

        IndexBuilder(String name) {
            this.name = name;
        }
    }

    private static final class ForeignKeyBuilder {
        final String name;
        final List<String> columns = new ArrayList<>();
        final List<String> referencedColumns = new ArrayList<>();
        TableId referenced;
        String onDelete;
        String onUpdate;

        ForeignKeyBuilder(String name) {
            this.name = name;
        }

        ForeignKeyInfo build() {
            return new ForeignKeyInfo(name, columns, referenced, referencedColumns, onDelete, onUpdate);
        }
    }
}
