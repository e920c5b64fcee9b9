package dev.dbmove.replicator.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.schema.SchemaTranslator;
import dev.dbmove.core.schema.TargetColumn;
import dev.dbmove.core.schema.TargetTable;
import dev.dbmove.core.schema.TargetType;
import dev.dbmove.core.schema.ValueKind;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of docs/type-mapping.md on real servers: the row's column is created on the source, read from its
 * catalog, translated, created on the target, and the target's catalog must then describe the type the row states,
 * and {@code compare} must find the created table compatible. Rows that need MySQL run where MySQL is available.
 */
@ExtendWith(RealDatabases.class)
class TypeMappingIT {
    private static final Map<String, TestDatabase> DATABASES = new ConcurrentHashMap<>();
    private static TestServers servers;

    @BeforeAll
    static void setUp(TestServers testServers) {
        servers = testServers;
    }

    @AfterAll
    static void tearDown() {
        DATABASES.values().forEach(TestDatabase::close);
    }

    @TestFactory
    Stream<DynamicTest> mysqlToPostgres() {
        return rows("MySQL / MariaDB → PostgreSQL");
    }

    @TestFactory
    Stream<DynamicTest> postgresToMysql() {
        return rows("PostgreSQL → MySQL / MariaDB");
    }

    @TestFactory
    Stream<DynamicTest> mysqlToMysql() {
        return rows("MySQL / MariaDB → MySQL / MariaDB");
    }

    @TestFactory
    Stream<DynamicTest> postgresToPostgres() {
        return rows("PostgreSQL → PostgreSQL");
    }

    private Stream<DynamicTest> rows(String heading) {
        List<Row> rows = Row.read(heading);
        assertThat(rows).hasSizeGreaterThan(30);
        return rows.stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> check(r)));
    }

    private static TestDatabase database(DatabaseType type, String role) {
        return DATABASES.computeIfAbsent(type + role, k -> {
            TestDatabase db = servers.of(type).createDatabase("typemap_" + role);
            if (type == DatabaseType.POSTGRESQL) {
                db.execute("CREATE EXTENSION IF NOT EXISTS citext");
            }
            return db;
        });
    }

    private static void check(Row row) throws SQLException {
        String role = row.heading.startsWith("MySQL") ? "my" : "pg";
        TestDatabase source = database(row.sourceType(), role + "_src");
        TestDatabase target = database(row.targetType(), role + "_to_" + (row.toMySql() ? "my" : "pg"));
        String table = "r" + row.line;
        source.execute(row.sourceDdl(table).toArray(String[]::new));
        TableInfo read = read(source, table);
        TargetTable translated = SchemaTranslator.translate(read, row.sourceType(), row.targetType(), target.endpoint().schema());
        List<String> statements = new ArrayList<>(translated.createStatements());
        statements.addAll(translated.postLoadStatements());
        statements.addAll(translated.foreignKeyStatements());
        target.execute(statements.toArray(String[]::new));
        TableInfo back = read(target, table);

        TargetColumn c = translated.column("c").orElseThrow();
        ColumnInfo sourceColumn = read.column("c").orElseThrow();
        ColumnInfo created = back.column("c").orElseThrow();
        TargetType expected = c.type();
        String wanted = row.target.replace("\"schema\".\"type\"", "\"" + target.endpoint().schema() + "\".\"" + table + "_type\"");
        if (row.fromMySql() && row.toMySql()) {
            // The source's own declaration, as the server prints it (display widths and all).
            assertThat(created.columnType()).as("declaration").isEqualToIgnoringCase(
                    expected.dataType().equals(sourceColumn.dataType()) ? sourceColumn.columnType() : wanted);
        } else {
            assertThat(c.sqlType()).as("target type").isEqualTo(wanted);
        }
        assertThat(c.kind()).as("kind").isEqualTo(row.kind());
        assertThat(created.dataType()).as("catalog type").isEqualTo(expected.dataType());
        assertThat(created.array()).as("array").isEqualTo(expected.array());
        assertThat(created.length()).as("length").isEqualTo(expected.length());
        assertThat(created.precision()).as("precision").isEqualTo(expected.precision());
        assertThat(created.scale()).as("scale").isEqualTo(expected.scale());
        assertThat(created.unsigned()).as("unsigned").isEqualTo(expected.unsigned());
        if (expected.dataType().equals("enum") || expected.dataType().equals("set")) {
            assertThat(created.enumValues()).as("labels").isEqualTo(expected.labels());
        }
        if (expected.collation() != null) {
            assertThat(created.collation()).as("collation").isEqualTo(expected.collation());
        } else if (row.toMySql() && !row.fromMySql() && created.collation() != null) {
            assertThat(created.collation()).as("text collation").endsWith("bin");
        }
        assertThat(created.autoIncrement()).as("numbered").isEqualTo(c.autoIncrement());
        if (row.when.contains("auto_increment") || row.when.contains("identity")) {
            assertThat(c.autoIncrement()).isTrue();
        }
        assertThat(created.nullable()).as("nullable").isEqualTo(c.nullable());
        assertThat(SchemaTranslator.compare(translated, back)).as("compare with what was created").isEmpty();
    }

    private static TableInfo read(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.connect()) {
            return db.dialect().readTables(c, db.endpoint().schema()).stream()
                    .filter(t -> t.id().name().equals(table)).findFirst()
                    .orElseThrow(() -> new AssertionError("no table " + table + " in " + db));
        }
    }

    /** A row of the document (the same reading as core's TypeMappingDocTest, which owns the format). */
    record Row(String heading, String source, Set<String> when, String target, String kindText, int line) {
        static List<Row> read(String heading) {
            List<String> lines;
            Path dir = Path.of("").toAbsolutePath();
            while (!Files.exists(dir.resolve("docs/type-mapping.md"))) {
                dir = dir.getParent();
            }
            try {
                lines = Files.readAllLines(dir.resolve("docs/type-mapping.md"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<Row> rows = new ArrayList<>();
            boolean in = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("## ")) {
                    in = line.substring(3).trim().equals(heading);
                } else if (in && line.startsWith("| `")) {
                    String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                    Set<String> when = new LinkedHashSet<>();
                    for (String w : cells[1].split(",")) {
                        if (!w.isBlank()) {
                            when.add(w.trim());
                        }
                    }
                    rows.add(new Row(heading, code(cells[0]), when, code(cells[2]), cells[3].trim(), i + 1));
                }
            }
            return rows;
        }

        private static String code(String cell) {
            String c = cell.trim();
            return c.substring(1, c.length() - 1).replace("(n)", "(20)").replace("(p)", "(3)").replace("(m,d)", "(12,2)");
        }

        boolean fromMySql() {
            return heading.startsWith("MySQL");
        }

        boolean toMySql() {
            return heading.endsWith("MySQL / MariaDB");
        }

        DatabaseType sourceType() {
            return fromMySql() ? DatabaseType.MARIADB : DatabaseType.POSTGRESQL;
        }

        DatabaseType targetType() {
            return !toMySql() ? DatabaseType.POSTGRESQL : when.contains("to MySQL") ? DatabaseType.MYSQL : DatabaseType.MARIADB;
        }

        ValueKind kind() {
            return ValueKind.valueOf(kindText.startsWith("ARRAY of ") ? "ARRAY" : kindText);
        }

        boolean numbered() {
            return when.contains("auto_increment") || when.contains("identity");
        }

        List<String> sourceDdl(String table) {
            List<String> ddl = new ArrayList<>();
            String declaration = source;
            if (!fromMySql() && source.startsWith("enum ")) {
                boolean array = source.endsWith("[]");
                String labels = source.substring("enum ".length(), source.length() - (array ? 2 : 0));
                ddl.add("CREATE TYPE \"" + table + "_type\" AS ENUM " + labels);
                declaration = "\"" + table + "_type\"" + (array ? "[]" : "");
            }
            String q = fromMySql() ? "`" : "\"";
            if (numbered()) {
                ddl.add("CREATE TABLE " + q + table + q + " (c " + declaration
                        + (fromMySql() ? " AUTO_INCREMENT" : " GENERATED BY DEFAULT AS IDENTITY") + " PRIMARY KEY)");
            } else {
                ddl.add("CREATE TABLE " + q + table + q + " (k INTEGER PRIMARY KEY, c " + declaration + ")");
            }
            if (when.contains("indexed")) {
                ddl.add("CREATE INDEX " + q + table + "_c" + q + " ON " + q + table + q + " (c)");
            }
            return ddl;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + source + (when.isEmpty() ? "" : " " + when) + " -> " + target;
        }
    }
}
