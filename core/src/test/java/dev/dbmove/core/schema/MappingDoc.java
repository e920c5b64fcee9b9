package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rows of docs/type-mapping.md: the mapping tables are test data. */
final class MappingDoc {
    static final Set<String> CONDITIONS = Set.of("indexed", "auto_increment", "identity", "from MariaDB", "to MySQL",
            "to MariaDB");

    enum Direction {
        MYSQL_TO_POSTGRES("MySQL / MariaDB → PostgreSQL", true, false),
        POSTGRES_TO_MYSQL("PostgreSQL → MySQL / MariaDB", false, true),
        MYSQL_TO_MYSQL("MySQL / MariaDB → MySQL / MariaDB", true, true),
        POSTGRES_TO_POSTGRES("PostgreSQL → PostgreSQL", false, false);

        final String heading;
        final boolean fromMySql;
        final boolean toMySql;

        Direction(String heading, boolean fromMySql, boolean toMySql) {
            this.heading = heading;
            this.fromMySql = fromMySql;
            this.toMySql = toMySql;
        }
    }

    /** One mapping row, placeholders substituted (n = 20, p = 3, m,d = 12,2). */
    record Row(Direction direction, String source, Set<String> when, String target, String kind, int line) {
        DatabaseType sourceType() {
            return !direction.fromMySql ? DatabaseType.POSTGRESQL : when.contains("from MySQL") ? DatabaseType.MYSQL
                    : DatabaseType.MARIADB;
        }

        DatabaseType targetType() {
            return !direction.toMySql ? DatabaseType.POSTGRESQL : when.contains("to MySQL") ? DatabaseType.MYSQL
                    : DatabaseType.MARIADB;
        }

        ValueKind valueKind() {
            return ValueKind.valueOf(kind.startsWith("ARRAY of ") ? "ARRAY" : kind);
        }

        ValueKind elementKind() {
            return kind.startsWith("ARRAY of ") ? ValueKind.valueOf(kind.substring("ARRAY of ".length())) : null;
        }

        boolean numbered() {
            return when.contains("auto_increment") || when.contains("identity");
        }

        @Override
        public String toString() {
            return direction + " line " + line + ": " + source + (when.isEmpty() ? "" : " " + when) + " -> " + target;
        }
    }

    private MappingDoc() {
    }

    static Path file() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path doc = dir.resolve("docs/type-mapping.md");
            if (Files.exists(doc)) {
                return doc;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/type-mapping.md not found above " + Path.of("").toAbsolutePath());
    }

    static List<String> lines() {
        try {
            return Files.readAllLines(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Direction direction = null;
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                String heading = line.substring(3).trim();
                direction = Arrays.stream(Direction.values()).filter(d -> d.heading.equals(heading)).findFirst().orElse(null);
                continue;
            }
            if (direction == null || !line.startsWith("| `")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.size() != 5) {
                throw new IllegalStateException("line " + (i + 1) + ": expected 5 cells, got " + cells);
            }
            Set<String> when = new LinkedHashSet<>();
            for (String w : cells.get(1).split(",")) {
                if (!w.isBlank()) {
                    if (!CONDITIONS.contains(w.trim())) {
                        throw new IllegalStateException("line " + (i + 1) + ": unknown condition '" + w.trim() + "'");
                    }
                    when.add(w.trim());
                }
            }
            rows.add(new Row(direction, substitute(code(cells.get(0), i)), when, substitute(code(cells.get(2), i)),
                    cells.get(3), i + 1));
        }
        return rows;
    }

    /** The first column of the table under a heading, for tables that are not mapping tables. */
    static List<String> firstColumn(String heading) {
        List<String> values = new ArrayList<>();
        boolean in = false;
        for (String line : lines()) {
            if (line.startsWith("## ")) {
                in = line.substring(3).trim().equals(heading);
            } else if (in && line.startsWith("| ") && !line.startsWith("| ---")) {
                values.add(cells(line).get(0));
            }
        }
        return values;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.length() - 1);
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (char c : inner.toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    private static String code(String cell, int line) {
        if (!cell.startsWith("`") || !cell.endsWith("`")) {
            throw new IllegalStateException("line " + (line + 1) + ": expected `code`, got " + cell);
        }
        return cell.substring(1, cell.length() - 1);
    }

    static String substitute(String s) {
        return s.replace("(n)", "(20)").replace("(p)", "(3)").replace("(m,d)", "(12,2)");
    }
}
