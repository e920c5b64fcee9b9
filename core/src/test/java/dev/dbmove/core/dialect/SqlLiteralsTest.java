package dev.dbmove.core.dialect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlLiteralsTest {
    private static final String NASTY = "it's a \\ back'slash\\' -- and \"quotes\" `ticks` ü";

    @Test
    void literalsReadBackAsTheirValue() {
        assertThat(SqlLiterals.postgres(NASTY)).isEqualTo("'it''s a \\ back''slash\\'' -- and \"quotes\" `ticks` ü'");
        assertThat(SqlLiterals.parsePostgres(SqlLiterals.postgres(NASTY), 0).value()).isEqualTo(NASTY);
        assertThat(SqlLiterals.mysql(NASTY)).isEqualTo("'it''s a \\\\ back''slash\\\\'' -- and \"quotes\" `ticks` ü'");
        assertThat(SqlLiterals.parseMySql(SqlLiterals.mysql(NASTY), 0).value()).isEqualTo(NASTY);
    }

    @Test
    void mySqlEscapesAreRead() {
        assertThat(SqlLiterals.parseMySql("'a\\nb\\tc\\0\\'\\\\'", 0).value()).isEqualTo("a\nb\tc\0'\\");
        SqlLiterals.Parsed p = SqlLiterals.parseMySql("'x''y'::rest", 0);
        assertThat(p.value()).isEqualTo("x'y");
        assertThat(p.end()).isEqualTo(6);
    }

    @Test
    void enumLabelsComeFromTheColumnType() {
        assertThat(SqlLiterals.mySqlEnumValues("enum('x','y''z','a\\\\b','')")).containsExactly("x", "y'z", "a\\b", "");
        assertThat(SqlLiterals.mySqlEnumValues("set('a,b','c')")).isEqualTo(List.of("a,b", "c"));
        assertThat(SqlLiterals.mySqlEnumValues("int")).isEmpty();
    }
}
