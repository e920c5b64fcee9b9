package dev.dbmove.cli;

import dev.dbmove.core.DatabaseType;

import java.util.List;

/**
 * A source table with the rows of docs/type-mapping.md that {@link dev.dbmove.testkit.TypedTable} leaves out, with
 * values every target can hold, and changes made while streaming.
 */
record MoreTypes(String[] statements, String[] changes, List<String> columns) {

    static MoreTypes forSource(DatabaseType type) {
        return type.isMySqlFamily() ? mysql() : postgres();
    }

    private static MoreTypes mysql() {
        String create = "CREATE TABLE more_types (id INT AUTO_INCREMENT PRIMARY KEY, tt TINYTEXT, tb TINYBLOB,"
                + " mb MEDIUMBLOB, bl BLOB, bn BINARY(8), t0 TIME, tp TIME(3), dt3 DATETIME(3), ts3 TIMESTAMP(3) NULL,"
                + " y YEAR, mu MEDIUMINT UNSIGNED, ci VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,"
                + " ch CHAR(12), e ENUM('x','y z'), f FLOAT, d0 DECIMAL(10,0), d4 DECIMAL(8,4), st SET('a','b','c'))"
                + " CHARACTER SET utf8mb4";
        String cols = "tt, tb, mb, bl, bn, t0, tp, dt3, ts3, y, mu, ci, ch, e, f, d0, d4, st";
        return new MoreTypes(new String[] {
            "SET time_zone = '+00:00'", create,
            "INSERT INTO more_types (" + cols + ") VALUES ('tiny ☃', x'00ff', REPEAT(x'ABCD', 40000), x'', x'0102',"
                    + " '23:59:59', '12:34:56.789', '2024-02-29 23:59:59.999', '2038-01-19 03:14:07.123', 2155, 16777215,"
                    + " 'MiXeD Case  ', 'padded', 'y z', 3.25, 9999999999, 1234.5000, 'a,c')",
            "INSERT INTO more_types (id) VALUES (10)",
            "INSERT INTO more_types (" + cols + ") VALUES ('', x'', x'', x'00', x'', '00:00:00', '00:00:00.001',"
                    + " '1000-01-01 00:00:00.000', '1970-01-01 00:00:01.000', 1901, 0, '', '', 'x', -0.5, -1, -0.0001, '')",
        }, new String[] {
            "SET time_zone = '+00:00'",
            "UPDATE more_types SET ci = 'mixed case', f = 1e-3, ts3 = '2030-01-01 00:00:00.001' WHERE id = 1",
            "INSERT INTO more_types (tt, e, d4) VALUES ('streamed', 'x', 0.5)",
        }, List.of("id"));
    }

    private static MoreTypes postgres() {
        String create = "CREATE TABLE more_types (id SERIAL PRIMARY KEY, o OID, c1 \"char\", ttz TIMETZ(3),"
                + " b100 BIT(100), ip INET, net CIDR, mac MACADDR, mac8 MACADDR8, x XML,"
                + " m mood, ch300 CHAR(300), vc20k VARCHAR(20000), vcu VARCHAR, tstz3 TIMESTAMPTZ(3), ts0 TIMESTAMP(0),"
                + " t3 TIME(3), vca VARCHAR(10)[], tsa TIMESTAMPTZ[], n7010 NUMERIC(70,10), n4035 NUMERIC(40,35), ci CITEXT)";
        String cols = "o, c1, ttz, b100, ip, net, mac, mac8, x, m, ch300, vc20k, vcu, tstz3, ts0, t3, vca, tsa,"
                + " n7010, n4035, ci";
        return new MoreTypes(new String[] {
            "CREATE EXTENSION IF NOT EXISTS citext",
            "CREATE TYPE mood AS ENUM ('sad', 'ok')",
            create,
            "INSERT INTO more_types (" + cols + ") VALUES (4294967295, 'a', '12:34:56.789+02',"
                    + " repeat('10', 50)::bit(100), '192.168.1.1/24', '10.0.0.0/8', '08:00:2b:01:02:03',"
                    + " '08:00:2b:01:02:03:04:05', '<a b=\"1\">text &amp; more</a>', 'ok', 'pad', repeat('z', 20000),"
                    + " 'unbounded', '2024-05-06 07:08:09.123+00', '2024-05-06 07:08:09', '01:02:03.456',"
                    + " '{\"ab\",\"c d\"}', '{\"2024-01-01 00:00:00+00\",\"2024-06-01 12:30:00.5+00\"}',"
                    + " 123456789012345678901234567890.0123456789, 1.123456789012345678901234567890, 'MiXeD')",
            "INSERT INTO more_types (id) VALUES (10)",
            "INSERT INTO more_types (" + cols + ") VALUES (0, ' ', '00:00:00+00', repeat('0', 100)::bit(100),"
                    + " '::1', '::/0', '00:00:00:00:00:00', '00:00:00:00:00:00:00:00', '', 'sad', '', '', '',"
                    // Before 1582-10-15 (the Julian era of Java's default calendar): once copied shifted by days.
                    + " '1000-01-01 00:00:00.123+00', '1000-01-01 00:00:00', '00:00:00', '{}', '{}', 0, 0, '')",
        }, new String[] {
            "UPDATE more_types SET m = 'sad', ttz = '23:59:59.999+00', ip = '::1', ci = 'lower' WHERE id = 1",
            "INSERT INTO more_types (c1, m, vca) VALUES ('s', 'ok', '{\"x\"}')",
        }, List.of("id"));
    }
}
