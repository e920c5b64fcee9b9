package dev.dbmove.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every row of a table as canonical text, for tests that compare a source with its copy
 * on another engine without trusting dbmove's own validator. The server renders each value
 * as text in UTC; this class then removes the differences that carry no meaning (trailing
 * zeros, JSON key order and spacing, true vs 1, hex case), and nothing else.
 */
public final class TableContents {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private TableContents() {
    }

    /**
     * @param columns the columns to read (names equal on both sides)
     * @param key     the columns whose values identify a row
     * @return row key text -> column -> canonical value ("NULL" for SQL NULL)
     */
    public static Map<String, Map<String, String>> read(Endpoint endpoint, String table, List<String> columns,
                                                        List<String> key) {
        Dialect dialect = Dialect.of(endpoint.type());
        try (Connection c = Jdbc.connect(endpoint, "comparison"); Statement s = c.createStatement()) {
            TableInfo info = dialect.readTables(c, endpoint.schema()).stream().filter(t -> t.id().name().equals(table))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no table " + table + " in " + endpoint.address()));
            if (endpoint.type().isMySqlFamily()) {
                s.execute("SET SESSION time_zone = '+00:00'");
            } else {
                s.execute("SET TIME ZONE 'UTC'");
                s.execute("SET IntervalStyle = 'iso_8601'");
                s.execute("SET extra_float_digits = 1");
            }
            List<ColumnInfo> cols = new ArrayList<>();
            for (String name : columns) {
                cols.add(info.column(name).orElseThrow(() -> new IllegalStateException("no column " + name + " in " + table)));
            }
            String select = cols.stream().map(col -> expression(dialect, endpoint, col)).collect(Collectors.joining(", "));
            Map<String, Map<String, String>> rows = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + dialect.qualify(new TableId(endpoint.schema(), table)))) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < cols.size(); i++) {
                        row.put(cols.get(i).name(), canonical(rs.getString(i + 1), cols.get(i)));
                    }
                    String rowKey = key.stream().map(k -> k + "=" + row.get(k)).collect(Collectors.joining(","));
                    rows.put(rowKey, row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    /** How a table's copy differs from the original, every row and column compared; empty when identical. */
    public static List<String> compare(Endpoint original, Endpoint copy, String table, List<String> columns,
                                       List<String> key) {
        return differences(read(original, table, columns, key), read(copy, table, columns, key));
    }

    /** The rows that differ between two reads, as readable lines; empty when identical. */
    public static List<String> differences(Map<String, Map<String, String>> expected, Map<String, Map<String, String>> actual) {
        List<String> out = new ArrayList<>();
        expected.forEach((k, row) -> {
            Map<String, String> other = actual.get(k);
            if (other == null) {
                out.add("missing row " + k);
            } else {
                row.forEach((col, v) -> {
                    if (!v.equals(other.get(col))) {
                        out.add("row " + k + " column " + col + ": expected " + abbreviate(v) + ", found " + abbreviate(other.get(col)));
                    }
                });
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> out.add("extra row " + k));
        return out;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 80 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }

    private static String expression(Dialect dialect, Endpoint endpoint, ColumnInfo col) {
        String q = dialect.quote(col.name());
        String t = col.dataType().toLowerCase(Locale.ROOT);
        if (endpoint.type().isMySqlFamily()) {
            return switch (t) {
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "LOWER(HEX(" + q + "))";
                case "bit" -> "BIN(" + q + ")";
                default -> "CAST(" + q + " AS CHAR)";
            };
        }
        if (col.array()) {
            return "array_to_json(" + q + ")::text";
        }
        return switch (t) {
            case "bytea" -> "encode(" + q + ", 'hex')";
            default -> q + "::text";
        };
    }

    static String canonical(String text, ColumnInfo col) {
        if (text == null) {
            return "NULL";
        }
        String t = col.dataType().toLowerCase(Locale.ROOT);
        if (col.array()) {
            return json(text);
        }
        switch (t) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "int2", "int4", "int8",
                 "decimal", "numeric", "year", "oid" -> {
                return number(text);
            }
            case "bool", "boolean" -> {
                return text.equals("true") || text.equals("t") ? "1" : text.equals("false") || text.equals("f") ? "0" : text;
            }
            case "float", "float4", "real" -> {
                return Float.toString(Float.parseFloat(text));
            }
            case "double", "float8" -> {
                return Double.toString(Double.parseDouble(text));
            }
            case "bit", "varbit" -> {
                String stripped = text.replaceFirst("^0+(?=.)", "");
                return stripped;
            }
            case "json", "jsonb" -> {
                return json(text);
            }
            case "longtext" -> {
                return looksLikeJson(text) ? json(text) : text;
            }
            case "uuid" -> {
                return text.toLowerCase(Locale.ROOT);
            }
            case "time", "timetz", "datetime", "timestamp", "timestamptz" -> {
                return time(text);
            }
            default -> {
                return text;
            }
        }
    }

    private static String number(String text) {
        if (text.equals("true") || text.equals("t")) {
            return "1";
        }
        if (text.equals("false") || text.equals("f")) {
            return "0";
        }
        try {
            BigDecimal d = new BigDecimal(text).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        } catch (NumberFormatException e) {
            return text; // NaN, Infinity
        }
    }

    /** Drops a UTC offset of zero and the trailing zeros of a fraction: "10:00:00.120000+00" -> "10:00:00.12". */
    private static String time(String text) {
        String s = text.replace('T', ' ');
        s = s.replaceFirst("(\\+00(:00)?|Z)$", "");
        if (s.matches(".*\\.\\d+$")) {
            s = s.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        }
        return s;
    }

    private static boolean looksLikeJson(String text) {
        String s = text.trim();
        return s.startsWith("{") || s.startsWith("[");
    }

    private static String json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            Object plain = JSON.treeToValue(node, Object.class);
            return JSON.writeValueAsString(plain);
        } catch (Exception e) {
            return text;
        }
    }
}
