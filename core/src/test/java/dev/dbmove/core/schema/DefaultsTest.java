package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import org.junit.jupiter.api.Test;

import static dev.dbmove.core.schema.SourceColumns.mysql;
import static dev.dbmove.core.schema.SourceColumns.postgres;
import static dev.dbmove.core.schema.SourceColumns.withDefault;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultsTest {
    private static final DatabaseType MARIADB = DatabaseType.MARIADB;
    private static final DatabaseType PG = DatabaseType.POSTGRESQL;

    /** The target default for a MySQL column of this declaration with this default, as MariaDB prints it. */
    private static Defaults.Result fromMySql(String declaration, String printed, DatabaseType target) {
        ColumnInfo c = withDefault(mysql("c", 1, declaration, true), printed);
        TargetType type = TypeMapper.of(MARIADB, target, "s").map(c, null);
        return Defaults.translate(c, MARIADB, target, type);
    }

    private static Defaults.Result fromPostgres(String declaration, String printed, DatabaseType target) {
        ColumnInfo c = withDefault(postgres("c", 1, declaration), printed);
        TargetType type = TypeMapper.of(PG, target, "s").map(c, new dev.dbmove.core.catalog.TableInfo(
                new dev.dbmove.core.TableId("s", "t"), java.util.List.of(c), java.util.List.of(), 0));
        return Defaults.translate(c, PG, target, type);
    }

    @Test
    void parsesWhatTheCatalogsPrint() {
        assertThat(Defaults.parse(MARIADB, "'it''s \\\\ ok'")).isEqualTo(new Defaults.Text("it's \\ ok"));
        assertThat(Defaults.parse(MARIADB, "-1.50")).isEqualTo(new Defaults.Number("-1.50"));
        assertThat(Defaults.parse(MARIADB, "1.5e10")).isEqualTo(new Defaults.Number("1.5e10"));
        assertThat(Defaults.parse(MARIADB, "current_timestamp(3)")).isEqualTo(new Defaults.Now());
        assertThat(Defaults.parse(MARIADB, "curdate()")).isEqualTo(new Defaults.Today());
        assertThat(Defaults.parse(MARIADB, "b'101'")).isEqualTo(new Defaults.Bits("101"));
        assertThat(Defaults.parse(MARIADB, "uuid()")).isEqualTo(new Defaults.Expression("uuid()"));
        assertThat(Defaults.parse(MARIADB, "NULL")).isNull();
        assertThat(Defaults.parse(MARIADB, null)).isNull();
        assertThat(Defaults.parse(PG, "'it''s \\ ok'::character varying")).isEqualTo(new Defaults.Text("it's \\ ok"));
        assertThat(Defaults.parse(PG, "'-5'::integer")).isEqualTo(new Defaults.Text("-5"));
        assertThat(Defaults.parse(PG, "'{1,2}'::integer[]")).isEqualTo(new Defaults.Text("{1,2}"));
        assertThat(Defaults.parse(PG, "'x'::character varying(10)")).isEqualTo(new Defaults.Text("x"));
        assertThat(Defaults.parse(PG, "'101'::\"bit\"")).isEqualTo(new Defaults.Text("101"));
        assertThat(Defaults.parse(PG, "B'101'::\"bit\"")).isEqualTo(new Defaults.Bits("101"));
        assertThat(Defaults.parse(PG, "now()")).isEqualTo(new Defaults.Now());
        assertThat(Defaults.parse(PG, "CURRENT_TIMESTAMP(3)")).isEqualTo(new Defaults.Now());
        assertThat(Defaults.parse(PG, "LOCALTIMESTAMP")).isEqualTo(new Defaults.Now());
        assertThat(Defaults.parse(PG, "CURRENT_DATE")).isEqualTo(new Defaults.Today());
        assertThat(Defaults.parse(PG, "true")).isEqualTo(new Defaults.Bool(true));
        assertThat(Defaults.parse(PG, "NULL::text")).isNull();
        assertThat(Defaults.parse(PG, "('a'::text || 'b'::text)")).isEqualTo(new Defaults.Expression("('a'::text || 'b'::text)"));
        assertThat(Defaults.parse(PG, "'a'::text || 'b'::text")).isInstanceOf(Defaults.Expression.class);
    }

    @Test
    void literalsCrossEnginesEscapedForEach() {
        assertThat(fromMySql("varchar(20)", "'it''s \\\\ ok'", PG).expression()).isEqualTo("'it''s \\ ok'");
        assertThat(fromPostgres("varchar(20)", "'it''s \\ ok'::character varying", MARIADB).expression())
                .isEqualTo("'it''s \\\\ ok'");
        assertThat(fromMySql("decimal(5,2)", "-1.50", PG).expression()).isEqualTo("-1.50");
        assertThat(fromPostgres("integer", "'-5'::integer", MARIADB).expression()).isEqualTo("-5");
        assertThat(fromPostgres("integer", "'x'::integer", MARIADB).expression()).isNull();
    }

    @Test
    void booleansAndBitsFollowTheTargetType() {
        assertThat(fromMySql("tinyint(1)", "1", PG).expression()).isEqualTo("true");
        assertThat(fromMySql("tinyint(1)", "0", PG).expression()).isEqualTo("false");
        assertThat(fromMySql("tinyint(1)", "2", PG).note()).contains("no equivalent for a BOOLEAN column");
        assertThat(fromMySql("bit(1)", "b'1'", PG).expression()).isEqualTo("true");
        assertThat(fromMySql("bit(5)", "b'101'", PG).expression()).isEqualTo("B'101'");
        assertThat(fromPostgres("boolean", "false", MARIADB).expression()).isEqualTo("0");
        assertThat(fromPostgres("bit(3)", "'101'::\"bit\"", MARIADB).expression()).isEqualTo("b'101'");
    }

    @Test
    void timeFunctionsCrossAndTakeMySqlsColumnPrecision() {
        assertThat(fromMySql("datetime(3)", "current_timestamp(3)", PG).expression()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(fromPostgres("timestamptz(3)", "now()", MARIADB).expression()).isEqualTo("CURRENT_TIMESTAMP(3)");
        assertThat(fromPostgres("timestamp(0)", "CURRENT_TIMESTAMP", MARIADB).expression()).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(fromPostgres("date", "CURRENT_DATE", MARIADB).expression()).isEqualTo("(CURRENT_DATE)");
        assertThat(fromMySql("date", "curdate()", PG).expression()).isEqualTo("CURRENT_DATE");
        assertThat(fromPostgres("text", "now()", MARIADB).expression()).isNull();
    }

    @Test
    void expressionsStayWithinAFamily() {
        assertThat(fromMySql("char(36)", "uuid()", MARIADB).expression()).isEqualTo("(uuid())");
        Defaults.Result dropped = fromMySql("char(36)", "uuid()", PG);
        assertThat(dropped.expression()).isNull();
        assertThat(dropped.note()).isEqualTo("column c: default uuid() dropped: an expression does not carry from"
                + " mariadb to postgresql");
        assertThat(fromPostgres("uuid", "gen_random_uuid()", PG).expression()).isEqualTo("gen_random_uuid()");
        assertThat(fromPostgres("uuid", "gen_random_uuid()", MARIADB).note()).contains("gen_random_uuid()");
    }

    @Test
    void mySqlZeroDatesStayInMySql() {
        assertThat(fromMySql("datetime", "'0000-00-00 00:00:00'", MARIADB).expression()).isEqualTo("'0000-00-00 00:00:00'");
        assertThat(fromMySql("datetime", "'0000-00-00 00:00:00'", PG).expression()).isNull();
        assertThat(fromMySql("datetime", "'2020-01-02 03:04:05'", PG).expression()).isEqualTo("'2020-01-02 03:04:05'");
    }

    @Test
    void mySqlTakesLobAndJsonDefaultsAsExpressions() {
        assertThat(fromPostgres("text", "'hi'::text", MARIADB).expression()).isEqualTo("('hi')");
        assertThat(fromPostgres("jsonb", "'{}'::jsonb", MARIADB).expression()).isEqualTo("('{}')");
        assertThat(fromPostgres("bytea", "'\\x6869'::bytea", MARIADB).expression()).isEqualTo("(X'6869')");
        assertThat(fromPostgres("bytea", "'\\x6869'::bytea", PG).expression()).isEqualTo("'\\x6869'");
        assertThat(fromPostgres("bytea", "'a\\\\b'::bytea", MARIADB).expression()).isNull();
        assertThat(fromMySql("blob", "'ab'", PG).expression()).isEqualTo("'\\x6162'");
        assertThat(fromPostgres("integer[]", "'{1,2}'::integer[]", MARIADB).expression()).isNull();
        assertThat(fromPostgres("integer[]", "'{1,2}'::integer[]", PG).expression()).isEqualTo("'{1,2}'");
    }
}
