package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.SupportedTypes;
import dev.dbmove.core.catalog.TableInfo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an existing target table can receive a translated table's rows: each expected column must exist with a
 * type of a compatible family that holds at least what the translated type holds (wider is fine), must accept NULL
 * where the source has NULLs, and the expected key must be the table's primary key or a unique NOT NULL key.
 */
final class SchemaComparator {
    private static final Set<ValueKind> INTEGERS = EnumSet.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64,
            ValueKind.YEAR, ValueKind.BOOLEAN);
    private static final Set<ValueKind> AS_TEXT = EnumSet.of(ValueKind.TEXT, ValueKind.ENUM, ValueKind.SET,
            ValueKind.UUID, ValueKind.JSON, ValueKind.INTERVAL, ValueKind.NETWORK, ValueKind.XML, ValueKind.BITS);

    private final DatabaseType target;

    SchemaComparator(DatabaseType target) {
        this.target = target;
    }

    List<String> compare(TargetTable expected, TableInfo existing) {
        List<String> problems = new ArrayList<>();
        TypeMapper same = TypeMapper.of(target, target, existing.id().schema());
        for (TargetColumn c : expected.columns()) {
            ColumnInfo e = existing.column(c.name()).orElse(null);
            if (e == null) {
                problems.add("missing column " + c.name() + " (expected " + c.sqlType() + ")");
                continue;
            }
            if (c.written() && e.generated()) {
                problems.add("column " + c.name() + " is generated on the target, so the source's values cannot be written to it");
                continue;
            }
            if (!c.written() && !e.generated()) {
                problems.add("column " + c.name() + " is generated on the source but an ordinary column on the target:"
                        + " nothing would fill it");
                continue;
            }
            if (SupportedTypes.unsupported(target, e).isPresent()) {
                problems.add("column " + c.name() + " is " + e.columnType() + ", a type dbmove does not write (expected "
                        + c.sqlType() + ")");
                continue;
            }
            String misfit = misfit(c.type(), same.map(e, existing), e);
            if (misfit != null) {
                problems.add("column " + c.name() + " is " + e.columnType() + " but " + misfit + " (expected " + c.sqlType() + ")");
            }
            if (c.written() && c.nullable() && !e.nullable()) {
                problems.add("column " + c.name() + " is NOT NULL on the target, but the source has NULLs there");
            }
        }
        for (ColumnInfo e : existing.columns()) {
            if (expected.column(e.name()).isEmpty() && !e.nullable() && e.defaultExpression() == null
                    && !e.autoIncrement() && !e.generated()) {
                problems.add("extra column " + e.name() + " is NOT NULL without a default: no row could be inserted");
            }
        }
        keyProblem(expected.primaryKey(), existing).ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> keyProblem(List<String> key, TableInfo existing) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Set<String> wanted = new HashSet<>(key);
        boolean found = existing.uniqueKeys().stream().anyMatch(k -> new HashSet<>(k.columns()).equals(wanted)
                && (k.primary() || k.columns().stream().allMatch(c -> existing.column(c).map(x -> !x.nullable()).orElse(false))));
        if (found) {
            return Optional.empty();
        }
        return Optional.of(existing.primaryKey()
                .map(pk -> "primary key is " + pk.columns() + " but rows are identified by " + key
                        + " and no unique NOT NULL key covers exactly those columns")
                .orElse("missing primary key: rows are identified by " + key
                        + " and no primary or unique NOT NULL key covers exactly those columns"));
    }

    /** Why a column of type {@code have} cannot hold every value of {@code want}, or null when it can. */
    private String misfit(TargetType want, TargetType have, ColumnInfo e) {
        ValueKind w = want.kind();
        ValueKind h = have.kind();
        if (!target.isMySqlFamily() && (w == ValueKind.BOOLEAN || h == ValueKind.BOOLEAN) && w != h) {
            return family(w, h); // PostgreSQL casts neither way between boolean and numbers on insert
        }
        if (INTEGERS.contains(w) || (w == ValueKind.DECIMAL && integral(want))) {
            if (!INTEGERS.contains(h) && h != ValueKind.DECIMAL) {
                return family(w, h);
            }
            return covers(range(have), range(want)) ? null : "its range is narrower";
        }
        if (w == ValueKind.DECIMAL) {
            if (h != ValueKind.DECIMAL) {
                return family(w, h);
            }
            if (have.precision() == null) {
                return null;
            }
            if (want.precision() == null) {
                return "it is limited to " + have.precision() + " digits";
            }
            return have.scale() >= want.scale() && have.precision() - have.scale() >= want.precision() - want.scale()
                    ? null : "its precision or scale is smaller";
        }
        if (w == ValueKind.FLOAT32 || w == ValueKind.FLOAT64) {
            return h == ValueKind.FLOAT64 || h == w ? null : family(w, h);
        }
        if (w == ValueKind.ENUM || w == ValueKind.SET) {
            if (h == w) {
                return have.labels().containsAll(want.labels()) ? null : "it lacks some of the labels " + want.labels();
            }
            if (h == ValueKind.TEXT) {
                int longest = want.labels().stream().mapToInt(l -> l.codePointCount(0, l.length())).max().orElse(0);
                return w == ValueKind.SET ? length(want.length(), have)
                        : have.length() == null || have.length() >= longest ? null : "it is shorter than the longest label";
            }
            return family(w, h);
        }
        if (w == ValueKind.ARRAY) {
            if (h == ValueKind.ARRAY && have.elementKind() != want.elementKind()) {
                return "its elements are " + name(have.elementKind()) + " values, not " + name(want.elementKind()) + " values";
            }
            return h == ValueKind.JSON || h == ValueKind.ARRAY ? null : family(w, h);
        }
        if (w == ValueKind.BITS && h == ValueKind.BITS) {
            // PostgreSQL BIT(n) takes exactly n bits.
            if (have.dataType().equals("bit") && !target.isMySqlFamily() && !Objects.equals(have.length(), want.length())) {
                return "it takes exactly " + have.length() + " bits";
            }
            return length(want.length(), have);
        }
        if (AS_TEXT.contains(w) && (h == w || h == ValueKind.TEXT)) {
            Integer needed = w == ValueKind.UUID ? Integer.valueOf(36) : want.length();
            return h == ValueKind.TEXT || w == ValueKind.TEXT ? length(needed, have) : null;
        }
        if (w == ValueKind.BYTES && h == ValueKind.BYTES) {
            return length(want.length(), have);
        }
        if (w == ValueKind.DATE && h == ValueKind.DATE) {
            return null;
        }
        if ((w == h && (w == ValueKind.TIME || w == ValueKind.TIMESTAMP || w == ValueKind.TIMESTAMPTZ || w == ValueKind.TIMETZ))
                || (w == ValueKind.TIMETZ && h == ValueKind.TIME && target.isMySqlFamily())
                || (w == ValueKind.TIMESTAMPTZ && h == ValueKind.TIMESTAMP && target.isMySqlFamily())) {
            int wp = want.precision() == null ? 0 : want.precision();
            int hp = have.precision() == null ? 0 : have.precision();
            return hp >= wp ? null : "its fractional seconds (" + hp + " digits) are fewer than " + wp;
        }
        if (w == h && (w == ValueKind.JSON || w == ValueKind.UUID || w == ValueKind.XML || w == ValueKind.NETWORK
                || w == ValueKind.INTERVAL)) {
            return null;
        }
        return family(w, h);
    }

    private static String family(ValueKind want, ValueKind have) {
        return "it holds " + name(have) + " values, not " + name(want) + " values";
    }

    private static String name(ValueKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String length(Integer wanted, TargetType have) {
        if (have.length() == null || (wanted != null && have.length() >= wanted)) {
            return null;
        }
        return wanted == null ? "it is limited to " + have.length() + " (expected unlimited)"
                : "it is limited to " + have.length() + ", less than " + wanted;
    }

    private static boolean integral(TargetType t) {
        return t.precision() != null && t.scale() != null && t.scale() == 0;
    }

    private static boolean covers(BigInteger[] outer, BigInteger[] inner) {
        return outer[0].compareTo(inner[0]) <= 0 && outer[1].compareTo(inner[1]) >= 0;
    }

    /** The integer range [min, max] a type holds. */
    private static BigInteger[] range(TargetType t) {
        if (t.kind() == ValueKind.DECIMAL) {
            if (t.precision() == null) {
                return new BigInteger[]{BigInteger.TEN.pow(1000).negate(), BigInteger.TEN.pow(1000)};
            }
            BigInteger max = BigInteger.TEN.pow(Math.max(0, t.precision() - t.scale())).subtract(BigInteger.ONE);
            return new BigInteger[]{max.negate(), max};
        }
        int bits = switch (t.dataType()) {
            case "tinyint" -> 8;
            case "smallint", "int2" -> 16;
            case "mediumint" -> 24;
            case "int", "int4" -> 32;
            case "year" -> 16;
            case "bool" -> 1;
            case "oid" -> 32;
            default -> 64;
        };
        if (t.dataType().equals("year")) {
            return new BigInteger[]{BigInteger.ZERO, BigInteger.valueOf(2155)};
        }
        if (t.dataType().equals("bool")) {
            return new BigInteger[]{BigInteger.ZERO, BigInteger.ONE};
        }
        if (t.unsigned() || t.dataType().equals("oid")) {
            return new BigInteger[]{BigInteger.ZERO, BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)};
        }
        return new BigInteger[]{BigInteger.TWO.pow(bits - 1).negate(), BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE)};
    }
}
