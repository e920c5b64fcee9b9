package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import dev.dbmove.core.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table on both sides and the SQL that checksums, splits and reads it on each. Every statement selects by key
 * range or key, renders values with {@link ColumnPair}'s canonical expressions, and returns only counts, hashes,
 * keys and (for the samples a report shows) the first characters of a value.
 *
 * @param columns the compared columns, key columns first in key order, then the others in source order
 * @param estimatedRows the source catalog's estimate, -1 when unknown
 */
record TablePair(TableId source, TableId target, DatabaseType sourceEngine, DatabaseType targetEngine,
                 List<ColumnPair> columns, long estimatedRows) {
    TablePair {
        columns = List.copyOf(columns);
    }

    String name() {
        return source.name();
    }

    List<ColumnPair> keys() {
        return columns.stream().filter(ColumnPair::key).toList();
    }

    List<ColumnPair> values() {
        return columns.stream().filter(c -> !c.key()).toList();
    }

    /** Whether every key column is ordered alike on both servers, so ranges use the key's index. */
    boolean indexedRanges() {
        return keys().stream().allMatch(ColumnPair::orderedAlike);
    }

    private DatabaseType engine(boolean onSource) {
        return onSource ? sourceEngine : targetEngine;
    }

    private boolean postgres(boolean onSource) {
        return engine(onSource) == DatabaseType.POSTGRESQL;
    }

    private String table(boolean onSource) {
        return Dialect.of(engine(onSource)).qualify(onSource ? source : target);
    }

    /** Row count and the sum of 60-bit row hashes over a range. */
    SqlWithParameters checksum(boolean onSource, KeyRange range) {
        List<String> params = new ArrayList<>();
        String where = where(onSource, range, params);
        return new SqlWithParameters("SELECT COUNT(*), SUM(" + rowHash(onSource) + ") FROM " + table(onSource) + where,
                params);
    }

    /** Up to {@code limit} keys of a range in key order, from the one {@code offset} rows into it (0 is its first). */
    SqlWithParameters keys(boolean onSource, KeyRange range, long offset, int limit) {
        List<String> params = new ArrayList<>();
        String where = where(onSource, range, params);
        return new SqlWithParameters("SELECT " + keyTexts(onSource) + " FROM " + table(onSource) + where
                + " ORDER BY " + keys().stream().map(k -> k.order(onSource)).collect(Collectors.joining(", "))
                + " LIMIT " + limit + (offset > 0 ? " OFFSET " + offset : ""), params);
    }

    /** Key texts and one digest per non-key column for every row of a range (a small one). */
    SqlWithParameters digests(boolean onSource, KeyRange range) {
        List<String> params = new ArrayList<>();
        String where = where(onSource, range, params);
        return new SqlWithParameters(digestSelect(onSource) + where, params);
    }

    /** Key texts and digests of the rows with the given keys (each a list of key texts). */
    SqlWithParameters digests(boolean onSource, List<List<String>> keys) {
        List<String> params = new ArrayList<>();
        String where = " WHERE " + keyIn(onSource, keys, params);
        return new SqlWithParameters(digestSelect(onSource) + where, params);
    }

    /** Key texts, then per non-key column its first {@link RowDifference#SHOWN} characters and its length, for given keys. */
    SqlWithParameters shown(boolean onSource, List<List<String>> keys) {
        List<String> params = new ArrayList<>();
        String where = " WHERE " + keyIn(onSource, keys, params);
        String cols = values().stream().map(c -> {
            String t = c.text(onSource);
            return postgres(onSource) ? "left(" + t + ", " + RowDifference.SHOWN + "), length(" + t + ")"
                    : "LEFT(" + t + ", " + RowDifference.SHOWN + "), CHAR_LENGTH(" + t + ")";
        }).collect(Collectors.joining(", "));
        return new SqlWithParameters("SELECT " + keyTexts(onSource) + (cols.isEmpty() ? "" : ", " + cols)
                + " FROM " + table(onSource) + where, params);
    }

    /** The stored text of some columns of one row, on one side (for comparing JSON documents as parsed). */
    SqlWithParameters stored(boolean onSource, List<ColumnPair> of, List<String> key) {
        List<String> params = new ArrayList<>();
        String where = " WHERE " + keyIn(onSource, List.of(key), params);
        return new SqlWithParameters("SELECT " + of.stream().map(c -> c.exact(onSource)).collect(Collectors.joining(", "))
                + " FROM " + table(onSource) + where, params);
    }

    /** The exact text of every column of the rows with the given keys, for a repair (source side). */
    SqlWithParameters exactRows(List<List<String>> keys) {
        List<String> params = new ArrayList<>();
        String where = " WHERE " + keyIn(true, keys, params);
        String cols = columns.stream().map(c -> c.exact(true)).collect(Collectors.joining(", "));
        return new SqlWithParameters("SELECT " + keyTexts(true) + ", " + cols + " FROM " + table(true) + where, params);
    }

    /** Deletes the rows with the given keys from the target. */
    SqlWithParameters deleteOnTarget(List<List<String>> keys) {
        List<String> params = new ArrayList<>();
        String where = " WHERE " + keyIn(false, keys, params);
        return new SqlWithParameters("DELETE FROM " + table(false) + where, params);
    }

    private String digestSelect(boolean onSource) {
        String digests = values().stream()
                .map(c -> postgres(onSource) ? "md5(convert_to(" + marked(onSource, c) + ", 'UTF8'))"
                        : "MD5(" + marked(onSource, c) + ")")
                .collect(Collectors.joining(", "));
        return "SELECT " + keyTexts(onSource) + (digests.isEmpty() ? "" : ", " + digests) + " FROM " + table(onSource);
    }

    private String keyTexts(boolean onSource) {
        return keys().stream().map(k -> k.text(onSource)).collect(Collectors.joining(", "));
    }

    /** A value with NULL kept apart from every text: NULL is {@code ~}, a value is {@code =} and its text. */
    private String marked(boolean onSource, ColumnPair c) {
        return postgres(onSource) ? "coalesce('=' || " + c.text(onSource) + ", '~')"
                : "IFNULL(CONCAT('=', " + c.text(onSource) + "), '~')";
    }

    /** 60 bits of the MD5 of the row's canonical text, as an integer both engines sum exactly. */
    private String rowHash(boolean onSource) {
        if (postgres(onSource)) {
            String row = columns.stream().map(c -> marked(onSource, c)).collect(Collectors.joining(" || '|' || "));
            return "('x' || substr(md5(convert_to(" + row + ", 'UTF8')), 1, 15))::bit(60)::bigint";
        }
        String row = columns.stream().map(c -> marked(onSource, c)).collect(Collectors.joining(", "));
        return "CAST(CONV(SUBSTRING(MD5(CONCAT_WS('|', " + row + ")), 1, 15), 16, 10) AS UNSIGNED)";
    }

    private String where(boolean onSource, KeyRange range, List<String> params) {
        List<String> parts = new ArrayList<>();
        if (range.lower() != null) {
            parts.add(compare(onSource, range.lower(), true, params));
        }
        if (range.upper() != null) {
            parts.add(compare(onSource, range.upper(), false, params));
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    /**
     * {@code key >= bound} (lower) or {@code key < bound} (upper) over the key columns in order, spelled out column by
     * column ({@code a > ? OR (a = ? AND b >= ?)}) so both engines use the key's index for it.
     */
    private String compare(boolean onSource, List<String> bound, boolean lower, List<String> params) {
        List<ColumnPair> keys = keys();
        return compare(onSource, keys, bound, 0, lower, params);
    }

    private String compare(boolean onSource, List<ColumnPair> keys, List<String> bound, int i, boolean lower,
                           List<String> params) {
        ColumnPair k = keys.get(i);
        String col = k.order(onSource);
        String p = k.parameter(onSource);
        params.add(bound.get(i));
        if (i == keys.size() - 1) {
            return col + (lower ? " >= " : " < ") + p;
        }
        String strict = col + (lower ? " > " : " < ") + p;
        params.add(bound.get(i));
        return "(" + strict + " OR (" + col + " = " + p + " AND " + compare(onSource, keys, bound, i + 1, lower, params) + "))";
    }

    private String keyIn(boolean onSource, List<List<String>> keys, List<String> params) {
        List<String> each = new ArrayList<>();
        for (List<String> key : keys) {
            List<String> eq = new ArrayList<>();
            for (int i = 0; i < keys().size(); i++) {
                ColumnPair k = keys().get(i);
                eq.add(k.order(onSource) + " = " + k.parameter(onSource));
                params.add(key.get(i));
            }
            each.add("(" + String.join(" AND ", eq) + ")");
        }
        return each.isEmpty() ? "1 = 0" : String.join(" OR ", each);
    }
}
