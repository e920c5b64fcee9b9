package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.ForeignKeyInfo;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.dbmove.core.schema.SourceColumns.generated;
import static dev.dbmove.core.schema.SourceColumns.mysql;
import static dev.dbmove.core.schema.SourceColumns.onUpdate;
import static dev.dbmove.core.schema.SourceColumns.postgres;
import static dev.dbmove.core.schema.SourceColumns.renamed;
import static dev.dbmove.core.schema.SourceColumns.with;
import static dev.dbmove.core.schema.SourceColumns.withDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaTranslatorTest {
    private static final String HOSTILE = "x\"; DROP TABLE y; --";
    private static final DatabaseType MARIADB = DatabaseType.MARIADB;
    private static final DatabaseType MYSQL = DatabaseType.MYSQL;
    private static final DatabaseType PG = DatabaseType.POSTGRESQL;

    private static ColumnInfo my(String name, String declaration) {
        return mysql(name, 1, declaration, true);
    }

    private static ColumnInfo pg(String name, String declaration) {
        return postgres(name, 1, declaration);
    }

    private static ColumnInfo notNull(ColumnInfo c) {
        return with(c, c.position(), false, c.autoIncrement());
    }

    private static TableInfo table(String name, List<ColumnInfo> columns, List<KeyInfo> keys) {
        return table(name, columns, keys, List.of(), List.of());
    }

    private static TableInfo table(String name, List<ColumnInfo> columns, List<KeyInfo> keys, List<IndexInfo> indexes,
                                   List<ForeignKeyInfo> foreignKeys) {
        List<ColumnInfo> positioned = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            positioned.add(renamed(columns.get(i), columns.get(i).name(), i + 1));
        }
        return new TableInfo(new TableId("src", name), positioned, keys, 0, indexes, foreignKeys);
    }

    private static KeyInfo pk(String... columns) {
        return new KeyInfo("PRIMARY", List.of(columns), true);
    }

    private static String create(TargetTable t) {
        return String.join("\n", t.createStatements());
    }

    @Test
    void hostileAndReservedNamesAreQuotedForPostgres() {
        TableInfo source = table(HOSTILE, List.of(notNull(my("order", "int")), notNull(my("user", "varchar(20)")),
                my("Mixed Case", "int"), my("a`b\"c.d", "int"), my("ünï", "text")), List.of(pk("order", "user")),
                List.of(new IndexInfo("i\"x", List.of("a`b\"c.d"))), List.of());
        TargetTable t = SchemaTranslator.translate(source, MARIADB, PG, "tgt schema");

        assertThat(t.createStatements()).containsExactly("CREATE TABLE \"tgt schema\".\"x\"\"; DROP TABLE y; --\" (\n"
                + "  \"order\" INTEGER NOT NULL,\n"
                + "  \"user\" VARCHAR(20) NOT NULL,\n"
                + "  \"Mixed Case\" INTEGER,\n"
                + "  \"a`b\"\"c.d\" INTEGER,\n"
                + "  \"ünï\" TEXT,\n"
                + "  CONSTRAINT \"x\"\"; DROP TABLE y; --_pkey\" PRIMARY KEY (\"order\", \"user\")\n"
                + ")");
        assertThat(t.postLoadStatements()).containsExactly("CREATE INDEX \"x\"\"; DROP TABLE y; --_i\"\"x\" ON"
                + " \"tgt schema\".\"x\"\"; DROP TABLE y; --\" (\"a`b\"\"c.d\")");
        assertThat(t.primaryKey()).containsExactly("order", "user");
        assertThat(t.id()).isEqualTo(new TableId("tgt schema", HOSTILE));
    }

    @Test
    void hostileAndReservedNamesAreQuotedForMySql() {
        TableInfo source = table(HOSTILE, List.of(notNull(pg("order", "integer")), pg("a`b\"c", "integer")),
                List.of(new KeyInfo("p", List.of("order"), true)), List.of(new IndexInfo("i`x", List.of("a`b\"c"))), List.of());
        TargetTable t = SchemaTranslator.translate(source, PG, MARIADB, "db`1");

        assertThat(create(t)).isEqualTo("CREATE TABLE `db``1`.`x\"; DROP TABLE y; --` (\n"
                + "  `order` INT NOT NULL,\n"
                + "  `a``b\"c` INT NULL,\n"
                + "  PRIMARY KEY (`order`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin");
        assertThat(t.postLoadStatements()).containsExactly(
                "CREATE INDEX `x\"; DROP TABLE y; --_i``x` ON `db``1`.`x\"; DROP TABLE y; --` (`a``b\"c`)");
    }

    @Test
    void aTableFromPostgresToMySqlGetsMySqlsBinaryCollation() {
        TargetTable t = SchemaTranslator.translate(table("t", List.of(notNull(pg("id", "integer"))), List.of(pk("id"))),
                PG, MYSQL, "db");
        assertThat(create(t)).endsWith(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin");
    }

    @Test
    void withoutAPrimaryKeyTheRowKeyBecomesIt() {
        TableInfo source = table("t", List.of(my("a", "int"), notNull(my("code", "varchar(10)")), notNull(my("n", "int"))),
                List.of(new KeyInfo("nullable_u", List.of("a"), false), new KeyInfo("code_u", List.of("code"), false)));
        TargetTable t = SchemaTranslator.translate(source, MARIADB, PG, "s");
        assertThat(t.primaryKey()).containsExactly("code");
        assertThat(create(t)).contains("CONSTRAINT \"t_pkey\" PRIMARY KEY (\"code\")");
        // The key that became primary is not created twice; the other unique key comes after the load.
        assertThat(t.postLoadStatements()).containsExactly(
                "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"t_nullable_u\" UNIQUE (\"a\")");
        assertThat(t.notes()).contains("no primary key: the unique key code_u over NOT NULL columns [code] becomes the primary key");
    }

    @Test
    void aTableWithoutAnyKeyIsCreatedWithoutOneAndNoted() {
        TargetTable t = SchemaTranslator.translate(table("t", List.of(my("a", "int")), List.of()), MARIADB, PG, "s");
        assertThat(t.primaryKey()).isEmpty();
        assertThat(create(t)).doesNotContain("PRIMARY KEY");
        assertThat(t.notes()).anyMatch(n -> n.startsWith("no primary key and no unique key"));
    }

    @Test
    void aKeyGivenByTheJobBecomesThePrimaryKey() {
        TableInfo source = table("t", List.of(my("a", "int"), my("b", "int")), List.of())
                .withPrimaryKey(new KeyInfo("dbmove_key", List.of("a", "b"), true));
        TargetTable t = SchemaTranslator.translate(source, MARIADB, MARIADB, "s");
        assertThat(create(t)).contains("`a` int NOT NULL,").contains("PRIMARY KEY (`a`, `b`)");
        assertThat(t.notes()).isEmpty();
    }

    @Test
    void indexesAndConstraintsKeepTheirNamesWithinAFamilyAndArePrefixedAcross() {
        TableInfo source = table("orders", List.of(notNull(my("id", "int")), my("code", "varchar(20)"), my("at", "datetime")),
                List.of(pk("id"), new KeyInfo("code", List.of("code"), false)),
                List.of(new IndexInfo("orders_at", List.of("at"))), List.of());
        assertThat(SchemaTranslator.translate(source, MARIADB, MARIADB, "s").postLoadStatements()).containsExactly(
                "CREATE INDEX `orders_at` ON `s`.`orders` (`at`)",
                "ALTER TABLE `s`.`orders` ADD UNIQUE KEY `code` (`code`)");
        assertThat(SchemaTranslator.translate(source, MARIADB, PG, "s").postLoadStatements()).containsExactly(
                "CREATE INDEX \"orders_at\" ON \"s\".\"orders\" (\"at\")",
                "ALTER TABLE \"s\".\"orders\" ADD CONSTRAINT \"orders_code\" UNIQUE (\"code\")");
    }

    @Test
    void derivedNamesTooLongForPostgresAreShortenedWithAHash() {
        String longTable = "ü".repeat(30); // 60 bytes
        TableInfo source = table(longTable, List.of(notNull(my("id", "int")), my("v", "int")), List.of(pk("id")),
                List.of(new IndexInfo("by_value", List.of("v")), new IndexInfo("by_value2", List.of("v"))), List.of());
        List<String> names = SchemaTranslator.translate(source, MARIADB, PG, "s").postLoadStatements().stream()
                .map(s -> s.substring("CREATE INDEX \"".length(), s.indexOf("\" ON"))).toList();
        assertThat(names).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63))
                .allSatisfy(n -> assertThat(n).startsWith("üüü").matches(".*_[0-9a-f]{8}"));
    }

    @Test
    void namesTheTargetCannotHoldAreRefusedNotChanged() {
        TableInfo longColumn = table("t", List.of(my("c".repeat(64), "int")), List.of());
        assertThatThrownBy(() -> SchemaTranslator.translate(longColumn, MARIADB, PG, "s"))
                .isInstanceOfSatisfying(DbmoveException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
                    assertThat(e.getMessage()).contains("column name \"" + "c".repeat(64) + "\" is longer than PostgreSQL's 63 bytes");
                    assertThat(e.fix()).contains("rename").contains("tables.exclude");
                });
        TableInfo trailingSpace = table("t ", List.of(pg("a", "integer")), List.of());
        assertThatThrownBy(() -> SchemaTranslator.translate(trailingSpace, PG, MARIADB, "s"))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("table name is ends with a space");
        assertThat(SchemaTranslator.translate(trailingSpace, PG, PG, "s").id().name()).isEqualTo("t ");
    }

    @Test
    void unsupportedTypesAreRefusedWithEveryColumnNamed() {
        ColumnInfo point = new ColumnInfo("p", 1, "point", "point", true, false, false, null);
        ColumnInfo range = new ColumnInfo("r", 2, "int4range", "int4range", true, false, false, null);
        TableInfo source = table("shapes", List.of(point, range), List.of());
        assertThatThrownBy(() -> SchemaTranslator.translate(source, PG, MARIADB, "s"))
                .isInstanceOfSatisfying(DbmoveException.class, e -> {
                    assertThat(e.getMessage()).contains("p: point is not supported").contains("r: int4range is not supported");
                    assertThat(e.fix()).contains("tables.exclude").contains("docs/type-mapping.md");
                });
    }

    @Test
    void foreignKeysComeLastWithTheirRulesAndTheTargetSchema() {
        TableInfo source = table("child", List.of(notNull(my("id", "int")), my("parent_id", "int")), List.of(pk("id")),
                List.of(new IndexInfo("fk_parent", List.of("parent_id"))),
                List.of(new ForeignKeyInfo("fk_parent", List.of("parent_id"), new TableId("src", "parent"), List.of("id"),
                        "cascade", "set default"),
                        new ForeignKeyInfo("fk_other", List.of("parent_id"), new TableId("elsewhere", "p"), List.of("id"),
                                null, null)));
        TargetTable toPg = SchemaTranslator.translate(source, MARIADB, PG, "tgt");
        assertThat(toPg.foreignKeyStatements()).containsExactly(
                "ALTER TABLE \"tgt\".\"child\" ADD CONSTRAINT \"child_fk_parent\" FOREIGN KEY (\"parent_id\")"
                        + " REFERENCES \"tgt\".\"parent\" (\"id\") ON DELETE CASCADE ON UPDATE SET DEFAULT",
                "ALTER TABLE \"tgt\".\"child\" ADD CONSTRAINT \"child_fk_other\" FOREIGN KEY (\"parent_id\")"
                        + " REFERENCES \"elsewhere\".\"p\" (\"id\") ON DELETE NO ACTION ON UPDATE NO ACTION");
        assertThat(toPg.postLoadStatements()).noneMatch(s -> s.contains("FOREIGN KEY"));
        assertThat(toPg.notes()).anyMatch(n -> n.contains("fk_other") && n.contains("another schema"));

        TargetTable toMy = SchemaTranslator.translate(source, MARIADB, MARIADB, "tgt");
        assertThat(toMy.foreignKeyStatements().get(0)).isEqualTo("ALTER TABLE `tgt`.`child` ADD CONSTRAINT `fk_parent`"
                + " FOREIGN KEY (`parent_id`) REFERENCES `tgt`.`parent` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
        assertThat(toMy.notes()).anyMatch(n -> n.contains("SET DEFAULT becomes NO ACTION"));
    }

    @Test
    void mySqlAutoIncrementBecomesAnIdentityOrForUnsignedBigintAnOwnedSequence() {
        TableInfo ints = table("t", List.of(with(notNull(my("id", "int")), 1, false, true)), List.of(pk("id")));
        assertThat(create(SchemaTranslator.translate(ints, MARIADB, PG, "s")))
                .contains("\"id\" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL");

        TableInfo unsigned = table("t", List.of(with(notNull(my("id", "bigint unsigned")), 1, false, true)), List.of(pk("id")));
        TargetTable t = SchemaTranslator.translate(unsigned, MARIADB, PG, "s");
        assertThat(t.createStatements()).containsExactly(
                "CREATE SEQUENCE \"s\".\"t_id_seq\" AS bigint",
                "CREATE TABLE \"s\".\"t\" (\n  \"id\" NUMERIC(20,0) NOT NULL DEFAULT nextval('\"s\".\"t_id_seq\"'::regclass),\n"
                        + "  CONSTRAINT \"t_pkey\" PRIMARY KEY (\"id\")\n)",
                "ALTER SEQUENCE \"s\".\"t_id_seq\" OWNED BY \"s\".\"t\".\"id\"");
        assertThat(t.column("id").orElseThrow().autoIncrement()).isTrue();
    }

    @Test
    void postgresIdentityBecomesAutoIncrementOnlyWhereItLeadsThePrimaryKey() {
        ColumnInfo id = with(notNull(pg("id", "bigint")), 1, false, true);
        ColumnInfo serial = pg("n", "serial");
        TargetTable t = SchemaTranslator.translate(table("t", List.of(id, serial), List.of(pk("id"))), PG, MARIADB, "s");
        assertThat(create(t)).contains("`id` BIGINT NOT NULL AUTO_INCREMENT").contains("`n` INT NOT NULL,")
                .doesNotContain("nextval");
        assertThat(t.notes()).containsExactly("column n: identity/serial dropped: MySQL numbers only a column that leads"
                + " the primary key; rows inserted on the target after cutover must supply it");
        // PostgreSQL numbers both, the serial as an identity.
        assertThat(create(SchemaTranslator.translate(table("t", List.of(id, serial), List.of(pk("id"))), PG, PG, "s")))
                .contains("\"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL")
                .contains("\"n\" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL");
    }

    @Test
    void aMySqlAutoIncrementColumnOutsideThePrimaryKeyGetsItsIndexWithTheTable() {
        ColumnInfo seq = with(notNull(my("seq", "int")), 2, false, true);
        TableInfo source = table("t", List.of(notNull(my("code", "varchar(10)")), seq), List.of(pk("code"),
                new KeyInfo("seq_u", List.of("seq"), false)), List.of(new IndexInfo("other", List.of("code", "seq"))), List.of());
        TargetTable t = SchemaTranslator.translate(source, MARIADB, MARIADB, "s");
        assertThat(create(t)).contains("`seq` int NOT NULL AUTO_INCREMENT").contains("UNIQUE KEY `seq_u` (`seq`)");
        assertThat(t.postLoadStatements()).containsExactly("CREATE INDEX `other` ON `s`.`t` (`code`, `seq`)");
    }

    @Test
    void generatedColumnsAreRecreatedWithinAFamilyAndPlainAcross() {
        ColumnInfo virtual = generated(my("v", "int"), "`a` * 2", false);
        ColumnInfo stored = generated(my("s", "int"), "`a` * 3", true);
        TableInfo source = table("t", List.of(notNull(my("a", "int")), virtual, stored), List.of(pk("a")));

        TargetTable same = SchemaTranslator.translate(source, MARIADB, MYSQL, "d");
        assertThat(create(same)).contains("`v` int GENERATED ALWAYS AS (`a` * 2) VIRTUAL,")
                .contains("`s` int GENERATED ALWAYS AS (`a` * 3) STORED,");
        assertThat(same.writtenColumns()).extracting(TargetColumn::name).containsExactly("a");

        TargetTable across = SchemaTranslator.translate(source, MARIADB, PG, "d");
        assertThat(create(across)).contains("\"v\" INTEGER,").contains("\"s\" INTEGER,").doesNotContain("GENERATED");
        assertThat(across.writtenColumns()).extracting(TargetColumn::name).containsExactly("a", "v", "s");
        assertThat(across.notes()).anyMatch(n -> n.startsWith("column v: generated on the source as (`a` * 2)"));

        ColumnInfo pgGenerated = generated(pg("g", "integer"), "(a * 3)", true);
        assertThat(create(SchemaTranslator.translate(table("t", List.of(notNull(pg("a", "integer")), pgGenerated),
                List.of(pk("a"))), PG, PG, "d"))).contains("\"g\" INTEGER GENERATED ALWAYS AS ((a * 3)) STORED");
    }

    @Test
    void onUpdateCurrentTimestampStaysWithinMySqlAndIsNotedElsewhere() {
        ColumnInfo updated = onUpdate(withDefault(my("updated", "timestamp(3)"), "current_timestamp(3)"));
        TableInfo source = table("t", List.of(notNull(my("id", "int")), updated), List.of(pk("id")));
        assertThat(create(SchemaTranslator.translate(source, MARIADB, MARIADB, "d")))
                .contains("`updated` timestamp(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)");
        TargetTable pg = SchemaTranslator.translate(source, MARIADB, PG, "d");
        assertThat(create(pg)).contains("\"updated\" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,");
        assertThat(pg.notes()).anyMatch(n -> n.startsWith("column updated: ON UPDATE CURRENT_TIMESTAMP dropped"));
    }

    @Test
    void enumsBecomeCheckedTextOnPostgresAndTypesWithinPostgres() {
        TableInfo fromMy = table("t", List.of(my("e", "enum('a','it''s')")), List.of());
        assertThat(create(SchemaTranslator.translate(fromMy, MARIADB, PG, "s")))
                .contains("\"e\" TEXT CHECK (\"e\" IN ('a', 'it''s'))");

        ColumnInfo mood = new ColumnInfo("m", 1, "enum", "mood", true, false, false, "'ok'::mood", null, null, null,
                false, false, List.of("sad", "ok"), null, null, null, false, false, "mood");
        TargetTable t = SchemaTranslator.translate(table("t", List.of(mood), List.of()), PG, PG, "tgt");
        assertThat(t.createStatements().get(0)).startsWith("DO $dbmove$ BEGIN CREATE TYPE \"tgt\".\"mood\" AS ENUM"
                        + " ('sad', 'ok'); EXCEPTION WHEN duplicate_object THEN")
                .contains("RAISE EXCEPTION").endsWith("$dbmove$");
        assertThat(t.createStatements().get(1)).contains("\"m\" \"tgt\".\"mood\" DEFAULT 'ok'");
        assertThat(create(SchemaTranslator.translate(table("t", List.of(mood), List.of()), PG, MARIADB, "d")))
                .contains("`m` ENUM('sad','ok') NULL DEFAULT 'ok'");
    }

    @Test
    void theDollarQuoteOfAnEnumTypeNeverAppearsInsideIt() {
        ColumnInfo hostile = new ColumnInfo("m", 1, "enum", "t", true, false, false, null, null, null, null,
                false, false, List.of("$dbmove$", "x"), null, null, null, false, false, "t");
        String statement = SchemaTranslator.translate(table("t", List.of(hostile), List.of()), PG, PG, "s")
                .createStatements().get(0);
        assertThat(statement).startsWith("DO $dbmove0$ ").endsWith(" $dbmove0$").contains("'$dbmove$'");
    }

    @Test
    void aWideRowForMySqlTurnsItsWidestUnindexedVarcharsIntoText() {
        List<ColumnInfo> columns = new ArrayList<>();
        columns.add(notNull(pg("id", "integer")));
        for (int i = 0; i < 20; i++) {
            columns.add(renamed(pg("v", "varchar(1000)"), "v" + i, i + 2));
        }
        columns.add(renamed(pg("w", "varchar(2000)"), "wide", 22));
        TableInfo source = table("t", columns, List.of(pk("id")), List.of(new IndexInfo("i", List.of("v0"))), List.of());
        TargetTable t = SchemaTranslator.translate(source, PG, MARIADB, "d");
        assertThat(t.column("wide").orElseThrow().sqlType()).isEqualTo("TEXT");
        assertThat(t.column("v0").orElseThrow().sqlType()).isEqualTo("VARCHAR(768)"); // indexed: never TEXT
        assertThat(PostgresToMySqlTypes.rowBytes(t.columns().stream().map(TargetColumn::type).toList(), source))
                .isLessThanOrEqualTo(65_535);
        assertThat(t.notes()).anyMatch(n -> n.startsWith("column wide: VARCHAR(2000) became TEXT"));
        assertThat(t.columns()).filteredOn(c -> c.sqlType().equals("TEXT")).hasSizeLessThan(10);
    }

    @Test
    void keyAndIndexColumnsMySqlMustShortenAreNoted() {
        TableInfo source = table("t", List.of(notNull(pg("slug", "text")), pg("title", "varchar(1000)"),
                pg("body", "text"), pg("short", "varchar(20)")), List.of(pk("slug")),
                List.of(new IndexInfo("by_title", List.of("title", "short"))), List.of());
        TargetTable t = SchemaTranslator.translate(source, PG, MARIADB, "d");
        assertThat(t.columns()).extracting(TargetColumn::sqlType)
                .containsExactly("VARCHAR(255)", "VARCHAR(768)", "LONGTEXT", "VARCHAR(20)");
        assertThat(t.notes()).containsExactly(
                "column slug: text is in a key or index, which MySQL limits; it becomes VARCHAR(255) and longer values are refused",
                "column title: varchar(1000) is in a key or index, which MySQL limits; it becomes VARCHAR(768) and longer"
                        + " values are refused");
    }

    @Test
    void mySqlGetsNoIndexOnJsonAndRefusesAJsonPrimaryKey() {
        TableInfo source = table("t", List.of(notNull(pg("id", "integer")), pg("doc", "jsonb"), pg("tags", "text[]")),
                List.of(pk("id")), List.of(new IndexInfo("by_doc", List.of("doc")), new IndexInfo("by_tags", List.of("tags"))),
                List.of());
        TargetTable t = SchemaTranslator.translate(source, PG, MARIADB, "d");
        assertThat(t.postLoadStatements()).isEmpty();
        assertThat(t.notes()).contains("index by_doc dropped: MySQL cannot index column doc of type JSON",
                "index by_tags dropped: MySQL cannot index column tags of type JSON");

        TableInfo jsonKey = table("t", List.of(notNull(pg("doc", "jsonb"))), List.of(pk("doc")));
        assertThatThrownBy(() -> SchemaTranslator.translate(jsonKey, PG, MARIADB, "d"))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("primary key [doc]");
    }

    @Test
    void mySqlPrefixLengthsStayWithinMySqlAndAreNotedForPostgres() {
        TableInfo source = table("t", List.of(notNull(my("id", "int")), my("body", "text")), List.of(pk("id")),
                List.of(new IndexInfo("by_body", List.of("body"), List.of(10))), List.of());
        assertThat(SchemaTranslator.translate(source, MARIADB, MARIADB, "d").postLoadStatements())
                .containsExactly("CREATE INDEX `by_body` ON `d`.`t` (`body`(10))");
        TargetTable pg = SchemaTranslator.translate(source, MARIADB, PG, "d");
        assertThat(pg.postLoadStatements()).containsExactly("CREATE INDEX \"t_by_body\" ON \"d\".\"t\" (\"body\")");
        assertThat(pg.notes()).anyMatch(n -> n.startsWith("index by_body: prefix lengths [10] dropped"));
    }

    @Test
    void mariaDbOnlyTypesAndCollationsGetMySqlCounterparts() {
        ColumnInfo name = new ColumnInfo("n", 1, "varchar", "varchar(10)", true, false, false, null, 10, null, null,
                false, false, List.of(), "utf8mb4", "utf8mb4_uca1400_ai_ci", null, false, false, null);
        ColumnInfo id = my("u", "uuid");
        TableInfo source = table("t", List.of(name, id), List.of());
        assertThat(create(SchemaTranslator.translate(source, MARIADB, MYSQL, "d")))
                .contains("`n` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NULL")
                .contains("`u` char(36) NULL");
        assertThat(create(SchemaTranslator.translate(source, MARIADB, MARIADB, "d")))
                .contains("`n` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci NULL")
                .contains("`u` uuid NULL");
    }
}
