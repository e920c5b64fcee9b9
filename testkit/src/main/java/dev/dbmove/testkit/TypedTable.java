package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;

import java.util.List;

/**
 * A source table with a column of every type the type-mapping table lists for that
 * engine, and rows with the edge values: NULLs, minimums and maximums, unicode, a 1 MB
 * blob, 30-digit decimals, microsecond times. Only values every target can hold exactly.
 */
public record TypedTable(String[] createStatements, String[] edgeRows, String[] streamingChanges, List<String> columns) {

    public static TypedTable forSource(DatabaseType type) {
        return type.isMySqlFamily() ? mysql(type) : postgres();
    }

    private static TypedTable mysql(DatabaseType type) {
        String create = "CREATE TABLE typed (id INT NOT NULL PRIMARY KEY,"
                + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, i INT, iu INT UNSIGNED,"
                + " bi BIGINT, bu BIGINT UNSIGNED, d65 DECIMAL(65,30), d DECIMAL(12,2), f FLOAT, dbl DOUBLE,"
                + " b1 BIT(1), b10 BIT(10), flag TINYINT(1), bo BOOLEAN,"
                + " c CHAR(10), vc VARCHAR(100), tx TEXT, mtx MEDIUMTEXT,"
                + " bn BINARY(4), vb VARBINARY(20), blb LONGBLOB,"
                + " dt DATE, tm TIME(6), dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, yr YEAR,"
                + " e ENUM('small','medium','large'), st SET('red','green','blue'), j JSON"
                + (type == DatabaseType.MARIADB ? ", u UUID" : ", u CHAR(36)")
                + ", gen BIGINT AS (i * 2) VIRTUAL) CHARACTER SET utf8mb4";
        String cols = "id, ti, tiu, si, siu, mi, i, iu, bi, bu, d65, d, f, dbl, b1, b10, flag, bo, c, vc, tx, mtx, bn, vb, blb,"
                + " dt, tm, dtm, ts, yr, e, st, j, u";
        String[] rows = {
            "SET time_zone = '+00:00'",
            "INSERT INTO typed (id) VALUES (1)",
            "INSERT INTO typed (" + cols + ") VALUES (2, -128, 0, -32768, 0, -8388608, -2147483648, 0,"
                    + " -9223372036854775808, 0, '-99999999999999999999999999999999999.999999999999999999999999999999',"
                    + " -9999999999.99, -1.5e30, -1.7976931348623157e308, b'0', b'0', 0, 0, '', '', '', '',"
                    + " x'00000000', x'', x'', '1000-01-01', '00:00:00', '1000-01-01 00:00:00', '1970-01-01 00:00:01', 1901,"
                    + " 'small', '', '{}', '00000000-0000-0000-0000-000000000000')",
            "INSERT INTO typed (" + cols + ") VALUES (3, 127, 255, 32767, 65535, 8388607, 2147483647, 4294967295,"
                    + " 9223372036854775807, 18446744073709551615,"
                    + " '99999999999999999999999999999999999.999999999999999999999999999999', 9999999999.99, 3.4e38,"
                    + " 1.7976931348623157e308, b'1', b'1111111111', 1, 1, 'ABCDEFGHIJ', REPEAT('x', 100), REPEAT('long ', 2000),"
                    + " REPEAT('m', 70000), x'FFFFFFFF', x'0102030405060708090A', x'FF00', '9999-12-31', '23:59:59.999999',"
                    + " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 2155, 'large', 'red,green,blue',"
                    + " '{\"a\": {\"b\": [1, 2.5, null, true, \"x\"]}, \"z\": \"last\"}', 'ffffffff-ffff-ffff-ffff-ffffffffffff')",
            "INSERT INTO typed (id, c, vc, tx, j, e, st) VALUES (4, 'ñü😀', 'Grüße 😀 日本語 \\\\ \\t tab \"q\"',"
                    + " 'emoji 😀👍🏽 and\nnew line\r\nand backslash \\\\ and tab \t', '{\"name\": \"Müller 😀\", \"n\": [1, 2.5]}',"
                    + " 'medium', 'blue,red')",
            "INSERT INTO typed (id, blb, mtx) VALUES (5, REPEAT(UNHEX('00FF7F805C0A'), 174763), REPEAT('ä', 300000))",
            "INSERT INTO typed (" + cols + ") VALUES (6, 1, 1, 1, 1, 1, 1, 1, 1, 1, '0.000000000000000000000000000001', 0.01,"
                    + " 0.1, 0.1, b'1', b'0000000101', 1, 0, 'a', 'b', 'c', 'd', x'01', x'02', x'03', '2024-02-29',"
                    + " '12:34:56.000001', '2024-03-31 01:59:59.123456', '2024-10-27 02:30:00.000001', 2024, 'small', 'green',"
                    + " '[]', '123e4567-e89b-12d3-a456-426614174000')",
            // Never changed while streaming: its values reach the target through the snapshot only.
            "INSERT INTO typed (id, dt, tm, dtm, ts, yr, u, bu, b10, e, st, j) VALUES (8, '2024-03-10', '02:30:00.5',"
                    + " '2024-03-10 02:30:00.5', '2038-01-19 03:14:07.999999', 2000, '123e4567-e89b-12d3-a456-426614174000',"
                    + " 18446744073709551615, b'1000000001', 'medium', 'red,blue', '{\"x\": [1, {\"y\": null}]}')",
        };
        String[] changes = {
            "SET time_zone = '+00:00'",
            "UPDATE typed SET vc = 'updated 😀', d65 = '12345.678901234567890123456789012345', dtm = '2000-01-01 00:00:00.5'"
                    + " WHERE id = 3",
            "UPDATE typed SET id = 60 WHERE id = 6",
            "DELETE FROM typed WHERE id = 2",
            "INSERT INTO typed (id, i, vc, blb, ts, j, bu) VALUES (7, 42, 'inserted while streaming', x'CAFE',"
                    + " '2025-06-01 12:00:00.000001', '{\"k\": \"v\"}', 18446744073709551615)",
            "UPDATE typed SET blb = REPEAT(x'AB', 1048576) WHERE id = 7",
            "UPDATE typed SET tx = NULL, j = NULL WHERE id = 4",
        };
        return new TypedTable(new String[] {create}, rows, changes, List.of((cols + ", gen").split(",\\s*")));
    }

    private static TypedTable postgres() {
        String create = "CREATE TABLE typed (id INTEGER NOT NULL PRIMARY KEY, si SMALLINT, i INTEGER, bi BIGINT,"
                + " n NUMERIC, d65 NUMERIC(65,30), d NUMERIC(12,2), r REAL, dbl DOUBLE PRECISION, bo BOOLEAN,"
                + " c CHAR(10), vc VARCHAR(100), tx TEXT, by BYTEA, dt DATE, tm TIME(6), tstz TIMESTAMPTZ(6), tsn TIMESTAMP(6),"
                + " iv INTERVAL, j JSON, jb JSONB, u UUID, b10 BIT(10), ints INTEGER[], texts TEXT[])";
        String cols = "id, si, i, bi, n, d65, d, r, dbl, bo, c, vc, tx, by, dt, tm, tstz, tsn, iv, j, jb, u, b10, ints, texts";
        String[] rows = {
            "INSERT INTO typed (id) VALUES (1)",
            "INSERT INTO typed (" + cols + ") VALUES (2, -32768, -2147483648, -9223372036854775808, -123.456,"
                    + " '-99999999999999999999999999999999999.999999999999999999999999999999', -9999999999.99, -1.5e30,"
                    + " -1.7976931348623157e308, false, '', '', '', '\\x', '0001-01-01', '00:00:00', '1970-01-01 00:00:00+00',"
                    + " '1000-01-01 00:00:00', '0 seconds', '{}', '{}', '00000000-0000-0000-0000-000000000000', B'0000000000',"
                    + " '{}', '{}')",
            "INSERT INTO typed (" + cols + ") VALUES (3, 32767, 2147483647, 9223372036854775807, 12345678901234567890.123456789,"
                    + " '99999999999999999999999999999999999.999999999999999999999999999999', 9999999999.99, 3.4e38,"
                    + " 1.7976931348623157e308, true, 'ABCDEFGHIJ', repeat('x', 100), repeat('long ', 2000),"
                    + " '\\x0102030405060708090a', '9999-12-31', '23:59:59.999999', '2262-04-11 23:47:16.854775+00',"
                    + " '9999-12-31 23:59:59.999999', '1 year 2 mons 3 days 04:05:06.5', '{\"a\": [1, 2.5, null]}',"
                    + " '{\"z\": 1, \"a\": {\"b\": true}}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', B'1111111111',"
                    + " '{1,2,NULL,-3}', '{\"a\",\"b c\",NULL,\"q\\\"uote\"}')",
            "INSERT INTO typed (id, c, vc, tx, jb) VALUES (4, 'ñü😀', 'Grüße 😀 日本語', E'emoji 😀👍🏽 and\\nnew line\\r\\nand"
                    + " backslash \\\\ and tab \\t', '{\"name\": \"Müller 😀\"}')",
            "INSERT INTO typed (id, by, tx) VALUES (5, decode(repeat('00ff7f805c0a', 174763), 'hex'), repeat('ä', 300000))",
            "INSERT INTO typed (" + cols + ") VALUES (6, 1, 1, 1, 0.000000000000000000000000000001,"
                    + " '0.000000000000000000000000000001', 0.01, 0.1, 0.1, true, 'a', 'b', 'c', '\\x01', '2024-02-29',"
                    + " '12:34:56.000001', '2024-03-31 01:59:59.123456+02', '2024-10-27 02:30:00.000001', '-1 days',"
                    + " '[]', '[]', '123e4567-e89b-12d3-a456-426614174000', B'0000000101', '{7}', '{\"x\"}')",
            // Never changed while streaming: its values reach the target through the snapshot only.
            "INSERT INTO typed (id, dt, tm, tstz, tsn, iv, u, n, b10, ints) VALUES (8, '2024-03-10', '02:30:00.5',"
                    + " '2024-03-10 02:30:00.5-03:30', '2024-03-10 02:30:00.5', '1 mon 2 days 03:00:00.25',"
                    + " '123e4567-e89b-12d3-a456-426614174000', 1e-30, B'1000000001', '{5,6}')",
        };
        String[] changes = {
            "UPDATE typed SET vc = 'updated 😀', d65 = '12345.678901234567890123456789012345', tsn = '2000-01-01 00:00:00.5'"
                    + " WHERE id = 3",
            "UPDATE typed SET id = 60 WHERE id = 6",
            "DELETE FROM typed WHERE id = 2",
            "INSERT INTO typed (id, i, vc, by, tstz, jb, n) VALUES (7, 42, 'inserted while streaming', '\\xcafe',"
                    + " '2025-06-01 12:00:00.000001+00', '{\"k\": \"v\"}', 1e-20)",
            "UPDATE typed SET by = decode(repeat('ab', 1048576), 'hex') WHERE id = 7",
            "UPDATE typed SET tx = NULL, jb = NULL WHERE id = 4",
        };
        return new TypedTable(new String[] {create}, rows, changes, List.of(cols.split(",\\s*")));
    }
}
