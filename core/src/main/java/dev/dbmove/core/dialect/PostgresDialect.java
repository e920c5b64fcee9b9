package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** PostgreSQL, read through pg_catalog so that domains, arrays and enums are seen for what they are. */
public final class PostgresDialect implements Dialect {

    /** Base types by pg_type.typname. Enum types are accepted by kind, arrays by element type. */
    private static final Set<String> SUPPORTED = Set.of(
            "int2", "int4", "int8", "numeric", "float4", "float8", "bool",
            "bpchar", "varchar", "text", "name", "citext", "bytea",
            "date", "time", "timetz", "timestamp", "timestamptz", "interval",
            "json", "jsonb", "uuid", "bit", "varbit", "inet", "cidr", "macaddr", "xml", "oid");

    @Override
    public DatabaseType type() {
        return DatabaseType.POSTGRESQL;
    }

    @Override
    public String jdbcUrl(Endpoint endpoint) {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    @Override
    public Properties jdbcProperties(Endpoint endpoint, int connectTimeoutSeconds) {
        Properties p = new Properties();
        p.setProperty("user", endpoint.user());
        p.setProperty("password", endpoint.password().reveal());
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("ApplicationName", "dbmove");
        p.setProperty("sslmode", endpoint.tls().mode().configName());
        if (endpoint.tls().caFile() != null) {
            p.setProperty("sslrootcert", endpoint.tls().caFile().toString());
        }
        return p;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public Optional<String> unsupportedType(ColumnInfo column) {
        // Enum types come back with kind "enum" (see readTables).
        if ("enum".equals(column.dataType()) || SUPPORTED.contains(column.dataType())) {
            return Optional.empty();
        }
        return Optional.of(column.columnType() + " is not supported (geometric, range, composite, text-search"
                + " and extension types are not mapped yet)");
    }

    @Override
    public List<TableInfo> readTables(Connection connection, String schema) throws SQLException {
        record Table(long oid, String name, long rows) {
        }
        List<Table> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.oid, c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Table(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        Map<Long, List<ColumnInfo>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                // Domains resolve to their base type; arrays report their element type.
                "SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),"
                        + " COALESCE(e.typname, b.typname, t.typname), COALESCE(e.typtype, b.typtype, t.typtype),"
                        + " t.typcategory = 'A', NOT a.attnotnull, a.attgenerated <> '', pg_get_expr(d.adbin, d.adrelid)"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_type t ON t.oid = a.atttypid"
                        + " LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype"
                        + " LEFT JOIN pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE n.nspname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String typeName = "e".equals(rs.getString(6)) ? "enum" : rs.getString(5);
                    columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ColumnInfo(
                            rs.getString(2), rs.getInt(3), typeName, rs.getString(4), rs.getBoolean(8),
                            rs.getBoolean(9), rs.getBoolean(7), rs.getString(10)));
                }
            }
        }
        Map<Long, List<KeyInfo>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                // Partial and expression indexes cannot identify rows.
                "SELECT i.indrelid, ic.relname, i.indisprimary,"
                        + " ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                        + "       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)"
                        + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                        + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL"
                        + " ORDER BY i.indrelid, NOT i.indisprimary, ic.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array names = rs.getArray(4);
                    keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new KeyInfo(
                            rs.getString(2), Arrays.asList((String[]) names.getArray()), rs.getBoolean(3)));
                }
            }
        }
        return found.stream().map(t -> new TableInfo(new TableId(schema, t.name()),
                columns.getOrDefault(t.oid(), List.of()), keys.getOrDefault(t.oid(), List.of()),
                t.rows() < 0 ? -1 : t.rows())).toList();
    }
}
