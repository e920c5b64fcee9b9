package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.dbmove.core.schema.SourceColumns.generated;
import static dev.dbmove.core.schema.SourceColumns.mysql;
import static dev.dbmove.core.schema.SourceColumns.postgres;
import static dev.dbmove.core.schema.SourceColumns.renamed;
import static dev.dbmove.core.schema.SourceColumns.with;
import static dev.dbmove.core.schema.SourceColumns.withDefault;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code compare} on catalog descriptions; SchemaTranslationIT does the same against tables on real servers. */
class SchemaComparatorTest {
    private static final DatabaseType MARIADB = DatabaseType.MARIADB;
    private static final DatabaseType PG = DatabaseType.POSTGRESQL;

    private static TableInfo table(List<KeyInfo> keys, ColumnInfo... columns) {
        List<ColumnInfo> positioned = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            positioned.add(renamed(columns[i], columns[i].name(), i + 1));
        }
        return new TableInfo(new TableId("s", "t"), positioned, keys, 0);
    }

    private static ColumnInfo notNull(ColumnInfo c) {
        return with(c, c.position(), false, c.autoIncrement());
    }

    private static List<KeyInfo> pk(String... columns) {
        return List.of(new KeyInfo("PRIMARY", List.of(columns), true));
    }

    private static List<String> compare(TableInfo source, DatabaseType sourceType, DatabaseType targetType, TableInfo existing) {
        return SchemaTranslator.compare(SchemaTranslator.translate(source, sourceType, targetType, "s"), existing);
    }

    @Test
    void aTableCreatedFromTheTranslationIsCompatible() {
        TableInfo source = table(pk("id"), notNull(mysql("id", 1, "int unsigned", true)), mysql("v", 2, "varchar(20)", true),
                mysql("e", 3, "enum('a','b')", true), mysql("y", 4, "year", true), mysql("b", 5, "tinyint(1)", true));
        TableInfo existing = table(pk("id"), notNull(postgres("id", 1, "bigint")), postgres("v", 2, "varchar(20)"),
                postgres("e", 3, "text"), postgres("y", 4, "smallint"), postgres("b", 5, "boolean"));
        assertThat(compare(source, MARIADB, PG, existing)).isEmpty();
    }

    @Test
    void eachIncompatibilityIsNamed() {
        TableInfo source = table(pk("id"), notNull(postgres("id", 1, "bigint")), postgres("gone", 2, "text"),
                postgres("word", 3, "varchar(20)"), postgres("n", 4, "integer"), postgres("d", 5, "numeric(10,2)"),
                postgres("at", 6, "timestamp(6)"), postgres("mood", 7, "enum ('sad','ok','happy')"),
                postgres("bits", 8, "bit(8)"), postgres("ok", 9, "boolean"), postgres("list", 10, "integer[]"));
        TableInfo existing = table(List.of(), notNull(postgres("id", 1, "bigint")), postgres("word", 2, "varchar(10)"),
                notNull(postgres("n", 3, "smallint")), postgres("d", 4, "numeric(10,3)"), postgres("at", 5, "timestamp(0)"),
                postgres("mood", 6, "enum ('sad','ok')"), postgres("bits", 7, "bit(4)"), postgres("ok", 8, "integer"),
                postgres("list", 9, "text[]"), notNull(postgres("extra", 10, "integer")),
                withDefault(notNull(postgres("fine", 11, "integer")), "0"));
        assertThat(compare(source, PG, PG, existing)).containsExactly(
                "missing column gone (expected TEXT)",
                "column word is varchar(10) but it is limited to 10, less than 20 (expected VARCHAR(20))",
                "column n is smallint but its range is narrower (expected INTEGER)",
                "column n is NOT NULL on the target, but the source has NULLs there",
                "column d is numeric(10,3) but its precision or scale is smaller (expected NUMERIC(10,2))",
                "column at is timestamp(0) but its fractional seconds (0 digits) are fewer than 6 (expected TIMESTAMP(6))",
                "column mood is type but it lacks some of the labels [sad, ok, happy] (expected \"s\".\"type\")",
                "column bits is bit(4) but it takes exactly 4 bits (expected BIT(8))",
                "column ok is integer but it holds int32 values, not boolean values (expected BOOLEAN)",
                "column list is text[] but its elements are text values, not int32 values (expected INTEGER[])",
                "extra column extra is NOT NULL without a default: no row could be inserted",
                "missing primary key: rows are identified by [id] and no primary or unique NOT NULL key covers exactly those columns");
    }

    @Test
    void theKeyMayBeAUniqueNotNullKeyOverTheSameColumns() {
        TableInfo source = table(pk("a", "b"), notNull(mysql("a", 1, "int", true)), notNull(mysql("b", 2, "int", true)));
        TableInfo byUnique = table(List.of(new KeyInfo("u", List.of("b", "a"), false)),
                notNull(mysql("a", 1, "int", true)), notNull(mysql("b", 2, "int", true)));
        assertThat(compare(source, MARIADB, MARIADB, byUnique)).isEmpty();
        TableInfo otherKey = table(List.of(new KeyInfo("PRIMARY", List.of("a"), true)),
                notNull(mysql("a", 1, "int", true)), notNull(mysql("b", 2, "int", true)));
        assertThat(compare(source, MARIADB, MARIADB, otherKey)).containsExactly(
                "primary key is [a] but rows are identified by [a, b] and no unique NOT NULL key covers exactly those columns");
    }

    @Test
    void generatedColumnsMustMatch() {
        TableInfo source = table(pk("a"), notNull(mysql("a", 1, "int", true)), generated(mysql("g", 2, "int", true), "`a` + 1", true),
                mysql("w", 3, "int", true));
        TableInfo existing = table(pk("a"), notNull(mysql("a", 1, "int", true)), mysql("g", 2, "int", true),
                generated(mysql("w", 3, "int", true), "`a` + 2", false));
        assertThat(compare(source, MARIADB, MARIADB, existing)).containsExactly(
                "column g is generated on the source but an ordinary column on the target: nothing would fill it",
                "column w is generated on the target, so the source's values cannot be written to it");
        // Across families a generated column is written like any other.
        TableInfo pgExisting = table(pk("a"), notNull(postgres("a", 1, "integer")), postgres("g", 2, "integer"),
                postgres("w", 3, "integer"));
        assertThat(compare(source, MARIADB, PG, pgExisting)).isEmpty();
    }

    @Test
    void textTakesWhatIsWrittenAsText() {
        TableInfo source = table(pk("id"), notNull(postgres("id", 1, "integer")), postgres("u", 2, "uuid"),
                postgres("i", 3, "interval"), postgres("e", 4, "enum ('a','bbb')"), postgres("j", 5, "jsonb"));
        TableInfo fits = table(pk("id"), notNull(mysql("id", 1, "int", true)), mysql("u", 2, "char(36)", true),
                mysql("i", 3, "varchar(64)", true), mysql("e", 4, "varchar(3)", true), mysql("j", 5, "json", true));
        assertThat(compare(source, PG, DatabaseType.MYSQL, fits)).isEmpty();
        TableInfo tooShort = table(pk("id"), notNull(mysql("id", 1, "int", true)), mysql("u", 2, "char(32)", true),
                mysql("i", 3, "varchar(64)", true), mysql("e", 4, "varchar(2)", true), mysql("j", 5, "json", true));
        assertThat(compare(source, PG, DatabaseType.MYSQL, tooShort)).containsExactly(
                "column u is char(32) but it is limited to 32, less than 36 (expected CHAR(36))",
                "column e is varchar(2) but it is shorter than the longest label (expected ENUM('a','bbb'))");
    }
}
