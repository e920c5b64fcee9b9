package dev.dbmove.core.dialect;

import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.ForeignKeyInfo;
import dev.dbmove.core.catalog.IndexInfo;
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
import java.util.Set;

/** Reads one PostgreSQL schema's tables from pg_catalog. */
final class PostgresCatalog {
    private static final Set<String> TIME = Set.of("time", "timetz", "timestamp", "timestamptz", "interval");
    private static final Set<String> SIZED = Set.of("bpchar", "varchar", "bit", "varbit");

    private final Connection connection;
    private final String schema;

    PostgresCatalog(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    List<TableInfo> read() throws SQLException {
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
        Map<Long, List<ColumnInfo>> columns = columns();
        Map<Long, List<KeyInfo>> keys = new LinkedHashMap<>();
        Map<Long, List<IndexInfo>> indexes = new LinkedHashMap<>();
        readIndexes(keys, indexes);
        Map<Long, List<ForeignKeyInfo>> foreignKeys = foreignKeys();
        return found.stream().map(t -> new TableInfo(new TableId(schema, t.name()),
                columns.getOrDefault(t.oid(), List.of()), keys.getOrDefault(t.oid(), List.of()),
                t.rows() < 0 ? -1 : t.rows(), indexes.getOrDefault(t.oid(), List.of()),
                foreignKeys.getOrDefault(t.oid(), List.of()))).toList();
    }

    private Map<Long, List<ColumnInfo>> columns() throws SQLException {
        Map<Long, List<ColumnInfo>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                // Domains resolve to their base type (and its type modifier); arrays report their element type,
                // whose modifier is the column's. The information_schema helpers decode type modifiers.
                "SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),"
                        + " et.typname, et.typtype, t.typcategory = 'A', NOT a.attnotnull, a.attgenerated <> '',"
                        + " pg_get_expr(d.adbin, d.adrelid),"
                        + " information_schema._pg_char_max_length(x.eoid, x.tm),"
                        + " information_schema._pg_numeric_precision(x.eoid, x.tm),"
                        + " information_schema._pg_numeric_scale(x.eoid, x.tm),"
                        + " information_schema._pg_datetime_precision(x.eoid, x.tm),"
                        + " a.attidentity <> '',"
                        + " CASE WHEN et.typtype = 'e' THEN ARRAY(SELECT l.enumlabel::text FROM pg_enum l"
                        + "      WHERE l.enumtypid = et.oid ORDER BY l.enumsortorder) END"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_type t ON t.oid = a.atttypid"
                        + " LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype"
                        + " LEFT JOIN pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem"
                        + " CROSS JOIN LATERAL (SELECT COALESCE(e.oid, b.oid, t.oid) AS eoid,"
                        + "      CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS tm) x"
                        + " JOIN pg_type et ON et.oid = x.eoid"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                        + " ORDER BY a.attrelid, a.attnum")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean isEnum = "e".equals(rs.getString(6));
                    String typeName = isEnum ? "enum" : rs.getString(5);
                    boolean generated = rs.getBoolean(9);
                    String expression = rs.getString(10);
                    boolean identity = rs.getBoolean(15);
                    boolean serial = !generated && expression != null && expression.startsWith("nextval(");
                    Array labels = rs.getArray(16);
                    columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ColumnInfo(
                            rs.getString(2), rs.getInt(3), typeName, rs.getString(4), rs.getBoolean(8),
                            generated, rs.getBoolean(7), generated ? null : expression,
                            SIZED.contains(typeName) ? nullableInt(rs, 11) : null,
                            typeName.equals("numeric") ? nullableInt(rs, 12) : TIME.contains(typeName) ? nullableInt(rs, 14) : null,
                            typeName.equals("numeric") ? nullableInt(rs, 13) : null,
                            false, identity || serial,
                            labels == null ? List.of() : Arrays.asList((String[]) labels.getArray()),
                            null, null, generated ? expression : null, generated, false,
                            isEnum ? rs.getString(5) : null));
                }
            }
        }
        return columns;
    }

    private void readIndexes(Map<Long, List<KeyInfo>> keys, Map<Long, List<IndexInfo>> indexes) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                // Partial and expression indexes cannot identify rows nor be carried across engines; only
                // B-tree indexes have a counterpart everywhere. INCLUDE columns are not key columns.
                "SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary,"
                        + " ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                        + "       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + "       WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)"
                        + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                        + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND i.indpred IS NULL AND i.indexprs IS NULL"
                        + " AND (i.indisunique OR am.amname = 'btree')"
                        + " ORDER BY i.indrelid, NOT i.indisprimary, ic.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> names = Arrays.asList((String[]) rs.getArray(5).getArray());
                    if (rs.getBoolean(3)) {
                        keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new KeyInfo(rs.getString(2), names, rs.getBoolean(4)));
                    } else {
                        indexes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new IndexInfo(rs.getString(2), names));
                    }
                }
            }
        }
    }

    private Map<Long, List<ForeignKeyInfo>> foreignKeys() throws SQLException {
        Map<Long, List<ForeignKeyInfo>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT con.conrelid, con.conname,"
                        + " ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
                        + "       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),"
                        + " rn.nspname, rc.relname,"
                        + " ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)"
                        + "       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),"
                        + " con.confdeltype, con.confupdtype"
                        + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                        + " WHERE n.nspname = ? AND con.contype = 'f' ORDER BY con.conrelid, con.conname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ForeignKeyInfo(rs.getString(2),
                            Arrays.asList((String[]) rs.getArray(3).getArray()), new TableId(rs.getString(4), rs.getString(5)),
                            Arrays.asList((String[]) rs.getArray(6).getArray()), rule(rs.getString(7)), rule(rs.getString(8))));
                }
            }
        }
        return keys;
    }

    private static String rule(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
