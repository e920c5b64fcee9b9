package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.SqlLiterals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.dbmove.core.schema.TargetType.of;

/**
 * PostgreSQL types to MySQL or MariaDB. Character data goes into utf8mb4 with a binary, no-pad collation (the
 * table's default), so that comparisons and unique keys behave as in PostgreSQL: case- and accent-sensitive,
 * trailing spaces significant.
 */
final class PostgresToMySqlTypes implements TypeMapper {
    /** MySQL reports 4294967295 for LONGTEXT and LONGBLOB; {@code ColumnInfo.length} stops at this. */
    static final int LONG_LENGTH = Integer.MAX_VALUE;
    /** An unbounded text or bytea column that is part of a key or index (MySQL cannot index LONGTEXT whole). */
    static final int INDEXED_LENGTH = 255;
    /** The longest utf8mb4 VARCHAR InnoDB can index (3072 bytes per key). */
    static final int INDEXED_VARCHAR_LIMIT = 768;
    /** InnoDB's limit on the declared size of a row's columns, in bytes. */
    private static final int ROW_LIMIT = 65_535;

    /** Types whose MySQL length comes from the source's own (or its lack of one). */
    private static final Set<String> SIZED_BY_SOURCE = Set.of("text", "varchar", "bpchar", "citext", "bytea", "varbit", "bit");

    private final DatabaseType target;

    PostgresToMySqlTypes(DatabaseType target) {
        this.target = target;
    }

    /** The collation text columns get: binary and NO PAD, as PostgreSQL compares. */
    static String binaryCollation(DatabaseType target) {
        return target == DatabaseType.MARIADB ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
    }

    /** The collation for citext: case-insensitive, accent-sensitive (MariaDB 10.10+, MySQL 8.0+). */
    static String caseInsensitiveCollation(DatabaseType target) {
        return target == DatabaseType.MARIADB ? "utf8mb4_uca1400_as_ci" : "utf8mb4_0900_as_ci";
    }

    @Override
    public TargetType map(ColumnInfo c, TableInfo table) {
        TargetType element = element(c, TypeMapper.indexed(c, table));
        return c.array() ? array(element) : element;
    }

    private static TargetType array(TargetType element) {
        return new TargetType("JSON", ValueKind.ARRAY, element.kind(), "json", false, null, null, null, false,
                List.of(), null, null);
    }

    private TargetType element(ColumnInfo c, boolean indexed) {
        Integer n = c.length();
        return switch (c.dataType()) {
            case "int2" -> of("SMALLINT", ValueKind.INT16, "smallint");
            case "int4" -> of("INT", ValueKind.INT32, "int");
            case "int8" -> of("BIGINT", ValueKind.INT64, "bigint");
            case "oid" -> of("INT UNSIGNED", ValueKind.INT64, "int").withUnsigned(true);
            case "numeric" -> decimal(c.precision(), c.scale());
            case "float4" -> of("FLOAT", ValueKind.FLOAT32, "float");
            case "float8" -> of("DOUBLE", ValueKind.FLOAT64, "double");
            case "bool" -> of("TINYINT(1)", ValueKind.BOOLEAN, "tinyint");
            case "bpchar" -> n == null ? unboundedText(indexed, ValueKind.TEXT, null)
                    : n <= 255 ? sized("CHAR", n, ValueKind.TEXT, "char") : varchar(n, indexed, ValueKind.TEXT);
            case "varchar" -> n == null ? unboundedText(indexed, ValueKind.TEXT, null) : varchar(n, indexed, ValueKind.TEXT);
            case "text" -> unboundedText(indexed, ValueKind.TEXT, null);
            case "citext" -> unboundedText(indexed, ValueKind.TEXT, caseInsensitiveCollation(target));
            case "name" -> sized("VARCHAR", 63, ValueKind.TEXT, "varchar");
            case "char" -> sized("CHAR", 1, ValueKind.TEXT, "char");
            case "bytea" -> indexed ? sized("VARBINARY", INDEXED_LENGTH, ValueKind.BYTES, "varbinary")
                    : of("LONGBLOB", ValueKind.BYTES, "longblob").withLength(LONG_LENGTH);
            case "date" -> of("DATE", ValueKind.DATE, "date");
            case "time" -> timed("TIME", ValueKind.TIME, "time", c);
            case "timetz" -> timed("TIME", ValueKind.TIMETZ, "time", c);
            case "timestamp" -> timed("DATETIME", ValueKind.TIMESTAMP, "datetime", c);
            case "timestamptz" -> timed("DATETIME", ValueKind.TIMESTAMPTZ, "datetime", c);
            case "interval" -> sized("VARCHAR", 64, ValueKind.INTERVAL, "varchar");
            case "json", "jsonb" -> of("JSON", ValueKind.JSON, "json");
            case "uuid" -> target == DatabaseType.MARIADB ? of("UUID", ValueKind.UUID, "uuid") : sized("CHAR", 36, ValueKind.UUID, "char");
            case "bit" -> n != null && n <= 64 ? sized("BIT", n, ValueKind.BITS, "bit")
                    : n == null ? unboundedText(indexed, ValueKind.BITS, null) : varchar(n, indexed, ValueKind.BITS);
            case "varbit" -> n == null ? unboundedText(indexed, ValueKind.BITS, null) : varchar(n, indexed, ValueKind.BITS);
            case "inet", "cidr" -> sized("VARCHAR", 43, ValueKind.NETWORK, "varchar");
            case "macaddr" -> sized("VARCHAR", 17, ValueKind.NETWORK, "varchar");
            case "macaddr8" -> sized("VARCHAR", 23, ValueKind.NETWORK, "varchar");
            case "xml" -> of("LONGTEXT", ValueKind.XML, "longtext").withLength(LONG_LENGTH);
            case "enum" -> of(c.enumValues().stream().map(SqlLiterals::mysql)
                    .collect(Collectors.joining(",", "ENUM(", ")")), ValueKind.ENUM, "enum").withLabels(c.enumValues());
            default -> throw new IllegalArgumentException("no MySQL type for " + c.columnType());
        };
    }

    /**
     * NUMERIC(p,s) keeps its integer digits and as many fraction digits as MySQL allows (65 digits, 30 after the
     * point); unconstrained NUMERIC becomes DECIMAL(65,30). Values that do not fit are refused by the writer.
     */
    static TargetType decimal(Integer precision, Integer scale) {
        int p;
        int s;
        if (precision == null) {
            p = 65;
            s = 30;
        } else {
            int sourceScale = scale == null ? 0 : scale;
            int integerDigits = precision - sourceScale;
            s = Math.min(Math.max(sourceScale, 0), 30);
            p = Math.max(1, Math.min(integerDigits + s, 65));
            s = Math.min(s, p);
        }
        return of("DECIMAL(" + p + "," + s + ")", ValueKind.DECIMAL, "decimal").withPrecision(p, s);
    }

    private TargetType unboundedText(boolean indexed, ValueKind kind, String collation) {
        TargetType t = indexed ? sized("VARCHAR", INDEXED_LENGTH, kind, "varchar")
                : of("LONGTEXT", kind, "longtext").withLength(LONG_LENGTH);
        return collation == null ? t : t.withCollation("utf8mb4", collation);
    }

    private static TargetType varchar(int n, boolean indexed, ValueKind kind) {
        if (indexed) {
            return sized("VARCHAR", Math.min(n, INDEXED_VARCHAR_LIMIT), kind, "varchar");
        }
        // Beyond 16383 characters a utf8mb4 VARCHAR cannot be declared at all.
        return n <= 16_383 ? sized("VARCHAR", n, kind, "varchar")
                : of("MEDIUMTEXT", kind, "mediumtext").withLength(16_777_215);
    }

    private static TargetType sized(String name, int n, ValueKind kind, String dataType) {
        return of(name + "(" + n + ")", kind, dataType).withLength(n);
    }

    private static TargetType timed(String name, ValueKind kind, String dataType, ColumnInfo c) {
        int p = c.precision() == null ? 6 : Math.min(c.precision(), 6);
        return of(name + "(" + p + ")", kind, dataType).withPrecision(p, null);
    }

    /**
     * Notes every indexed column made shorter than on the source, and keeps the table under InnoDB's row size
     * limit by turning the widest unindexed VARCHARs into TEXT.
     */
    @Override
    public List<TargetType> mapAll(TableInfo table, List<String> notes) {
        List<TargetType> types = new ArrayList<>(TypeMapper.super.mapAll(table, notes));
        for (int i = 0; i < types.size(); i++) {
            ColumnInfo c = table.columns().get(i);
            TargetType t = types.get(i);
            boolean shortened = t.length() != null && SIZED_BY_SOURCE.contains(c.dataType())
                    && (c.length() == null || c.length() > t.length());
            if (shortened && TypeMapper.indexed(c, table)) {
                notes.add("column " + c.name() + ": " + c.columnType() + " is in a key or index, which MySQL limits;"
                        + " it becomes " + t.sqlType() + " and longer values are refused");
            }
        }
        while (rowBytes(types, table) > ROW_LIMIT) {
            int widest = -1;
            for (int i = 0; i < types.size(); i++) {
                TargetType t = types.get(i);
                if (t.dataType().equals("varchar") && !TypeMapper.indexed(table.columns().get(i), table)
                        && (widest < 0 || t.length() > types.get(widest).length())) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break;
            }
            TargetType t = types.get(widest);
            types.set(widest, t.withSqlType("TEXT", t.kind(), "text").withLength(65_535));
            notes.add("column " + table.columns().get(widest).name() + ": " + t.sqlType() + " became TEXT to keep"
                    + " the table under MySQL's row size limit of 65,535 bytes");
        }
        return types;
    }

    /** The declared row size as InnoDB counts it for CREATE TABLE (utf8mb4: 4 bytes per character). */
    static int rowBytes(List<TargetType> types, TableInfo table) {
        long bytes = (types.size() + 7) / 8;
        for (TargetType t : types) {
            bytes += switch (t.dataType()) {
                case "varchar", "varbinary" -> {
                    long b = t.dataType().equals("varchar") ? 4L * t.length() : t.length();
                    yield b + (b > 255 ? 2 : 1);
                }
                case "char" -> 4L * t.length();
                case "bit" -> (t.length() + 7) / 8;
                case "decimal" -> 4L * ((t.precision() + 8) / 9) + 4;
                case "smallint" -> 2;
                case "int", "float", "date", "time" -> 4;
                case "bigint", "double", "datetime" -> 8;
                case "uuid" -> 16;
                default -> 12; // TEXT, BLOB, JSON, ENUM and TINYINT: at most a pointer's 12 bytes in the row
            };
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
