package dev.dbmove.core.dialect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults as MySQL 8 and MariaDB print them in information_schema.COLUMNS, normalised to one form. */
class MySqlCatalogTest {

    @Test
    void mariaDbPrintsDefaultsAsExpressionsAlready() {
        assertThat(MySqlCatalog.normalizeDefault(true, "'abc'", "", "varchar")).isEqualTo("'abc'");
        assertThat(MySqlCatalog.normalizeDefault(true, "current_timestamp(3)", "", "datetime")).isEqualTo("current_timestamp(3)");
        assertThat(MySqlCatalog.normalizeDefault(true, "NULL", "", "varchar")).isNull();
        assertThat(MySqlCatalog.normalizeDefault(true, "'NULL'", "", "varchar")).isEqualTo("'NULL'");
        assertThat(MySqlCatalog.normalizeDefault(true, null, "", "int")).isNull();
    }

    @Test
    void mySqlPrintsLiteralsBareAndFlagsExpressions() {
        assertThat(MySqlCatalog.normalizeDefault(false, "abc", "", "varchar")).isEqualTo("'abc'");
        assertThat(MySqlCatalog.normalizeDefault(false, "it's \\ x", "", "text")).isEqualTo("'it''s \\\\ x'");
        assertThat(MySqlCatalog.normalizeDefault(false, "NULL", "", "varchar")).isEqualTo("'NULL'");
        assertThat(MySqlCatalog.normalizeDefault(false, "-1.50", "", "decimal")).isEqualTo("-1.50");
        assertThat(MySqlCatalog.normalizeDefault(false, "b'101'", "", "bit")).isEqualTo("b'101'");
        assertThat(MySqlCatalog.normalizeDefault(false, "CURRENT_TIMESTAMP", "DEFAULT_GENERATED", "timestamp"))
                .isEqualTo("CURRENT_TIMESTAMP");
        assertThat(MySqlCatalog.normalizeDefault(false, "uuid()", "DEFAULT_GENERATED", "char")).isEqualTo("uuid()");
        assertThat(MySqlCatalog.normalizeDefault(false, "2020-01-01 00:00:00", "", "datetime")).isEqualTo("'2020-01-01 00:00:00'");
    }
}
