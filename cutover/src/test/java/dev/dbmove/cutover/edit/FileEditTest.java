package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileEditTest {
    private static final String YAML = "production:\n  host: db1.internal  # primary\n  port: 3306\n";

    @TempDir
    Path dir;

    @Test
    void planShowsTheChangeAndTouchesNothing() throws IOException {
        Path file = write("database.yml", YAML);
        FileTime modified = Files.getLastModifiedTime(file);

        PlannedEdit plan = FileEdit.set(file, null, map("production.host", "db2.internal", "production.port", "3306")).plan();

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.ok()).isTrue();
        assertThat(plan.before()).isEqualTo(YAML);
        assertThat(plan.after()).isEqualTo(YAML.replace("db1", "db2"));
        assertThat(plan.summary()).isEqualTo("sets production.host; leaves production.port (already set)");
        assertThat(plan.diff()).isEqualTo(UnifiedDiff.of(file.toString(), plan.before(), plan.after()))
                .contains("\n-  host: db1.internal  # primary\n+  host: db2.internal  # primary\n");
        assertThat(Files.readString(file)).isEqualTo(YAML);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(files()).containsExactly(file);
    }

    @Test
    void applyWritesThePlannedTextAndKeepsABackup() throws Exception {
        Path file = write("database.yml", YAML);
        FileEdit edit = FileEdit.set(file, null, map("production.host", "db2.internal"));
        PlannedEdit plan = edit.plan();

        Path backup = edit.apply(plan, dir.resolve("backups"));

        assertThat(Files.readString(file)).isEqualTo(plan.after());
        assertThat(Files.readString(backup)).isEqualTo(YAML);
        assertThat(edit.plan().problems()).singleElement().extracting(EditProblem::problem).asString()
                .contains("would change nothing");
    }

    @Test
    void applyRefusesAFileThatChangedSincePlanning() throws Exception {
        Path file = write("database.yml", YAML);
        FileEdit edit = FileEdit.set(file, null, map("production.host", "db2.internal"));
        PlannedEdit plan = edit.plan();
        write("database.yml", YAML + "  pool: 5\n");

        assertThatThrownBy(() -> edit.apply(plan, null))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("changed after dbmove planned the edit");
        assertThat(Files.readString(file)).isEqualTo(YAML + "  pool: 5\n");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void everyProblemOfAFileIsReportedWithTheFileAndAFix() throws IOException {
        Path file = write("database.yml", YAML);

        PlannedEdit plan = FileEdit.set(file, null, map("production.hots", "db2", "production.port", "5432", "staging.host", "x")).plan();

        assertThat(plan.ok()).isFalse();
        assertThat(plan.summary()).isEmpty();
        assertThat(plan.problems()).extracting(EditProblem::problem).containsExactly(
                "key production.hots does not exist; the keys under production are host, port — did you mean production.host?",
                "key staging.host does not exist; the keys at the top level are production");
        assertThat(plan.problems().get(0).describe()).startsWith(file + ": key production.hots").contains("\n  fix: correct the key path");
        assertThat(plan.after()).contains("port: 5432");
    }

    @Test
    void missingFileDirectoryAndUnknownFormatAreProblems() throws IOException {
        Map<String, String> set = map("host", "db2");
        assertThat(FileEdit.set(dir.resolve("absent.yml"), null, set).plan().problems())
                .singleElement().extracting(EditProblem::problem).isEqualTo("the file does not exist");
        assertThat(FileEdit.set(Files.createDirectory(dir.resolve("conf.yml")), null, set).plan().problems())
                .singleElement().extracting(EditProblem::problem).isEqualTo("it is not a regular file");
        Path text = write("settings.txt", "host=db1\n");
        assertThat(FileEdit.set(text, null, set).plan().problems())
                .singleElement().extracting(EditProblem::fix).asString().contains("add format:");
        assertThat(FileEdit.set(text, ConfigFormat.ENV, set).plan().after()).isEqualTo("host=db2\n");
    }

    @Test
    void keyAppendedToAFlatFileIsNamedInTheSummary() throws IOException {
        Path file = write("app.env", "DATABASE_HOST=db1\n");

        PlannedEdit plan = FileEdit.set(file, null, map("DATABASE_HOST", "db2", "DATABASE_PORT", "5432")).plan();

        assertThat(plan.summary()).isEqualTo("sets DATABASE_HOST; adds DATABASE_PORT at the end (not in the file before)");
        assertThat(plan.after()).isEqualTo("DATABASE_HOST=db2\nDATABASE_PORT=5432\n");
    }

    @Test
    void replaceCountsItsMatchesAndMustMatchAndChangeSomething() throws IOException {
        Path file = write("legacy.rb", "$settings['database_host'] = 'db1.internal'\n");

        PlannedEdit plan = FileEdit.replace(file, new RegexReplace("database_host'\\] = '.*'", "database_host'] = 'db2.internal'")).plan();
        PlannedEdit none = FileEdit.replace(file, new RegexReplace("database_hots", "x")).plan();
        PlannedEdit same = FileEdit.replace(file, new RegexReplace("db1", "db1")).plan();

        assertThat(plan.summary()).isEqualTo("replaces 1 match of 'database_host'\\] = '.*''");
        assertThat(plan.after()).isEqualTo("$settings['database_host'] = 'db2.internal'\n");
        assertThat(none.problems()).singleElement().extracting(EditProblem::problem).isEqualTo("the replace pattern 'database_hots' matches nothing");
        assertThat(same.problems()).singleElement().extracting(EditProblem::problem).asString().contains("leaves the file as it is (replaces 1 match");
    }

    @Test
    void byteOrderMarkIsKept() throws Exception {
        Path file = write("database.yml", "\uFEFF" + YAML);
        FileEdit edit = FileEdit.set(file, null, map("production.host", "db2"));

        edit.apply(edit.plan(), null);

        assertThat(Files.readString(file)).isEqualTo("\uFEFF" + YAML.replace("db1.internal", "db2"));
    }

    @Test
    void propertiesFileInLatin1KeepsItsBytes() throws Exception {
        byte[] latin1 = "# Caf\u00e9 settings\nurl=jdbc:mysql://db1/shop\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("app.properties"), latin1);
        FileEdit edit = FileEdit.set(file, null, map("url", "jdbc:postgresql://db2/shöp"));

        edit.apply(edit.plan(), null);

        assertThat(Files.readAllBytes(file))
                .isEqualTo("# Caf\u00e9 settings\nurl=jdbc:postgresql://db2/sh\\u00f6p\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void otherFilesMustBeUtf8() throws IOException {
        Path file = Files.write(dir.resolve("database.yml"), "host: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(FileEdit.set(file, null, map("host", "db2")).plan().problems())
                .singleElement().extracting(EditProblem::problem).isEqualTo("the file is not UTF-8 text");
    }

    @Test
    void unwritableFileOrDirectoryIsAProblemBeforeAnythingIsTouched() throws IOException {
        Permissions.assumeEnforced(dir);
        Path file = write("database.yml", YAML);
        Permissions.set(file, "r--r--r--");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path inLocked = Files.writeString(locked.resolve("app.env"), "A=1\n");
        Permissions.set(locked, "r-x------");
        try {
            assertThat(FileEdit.set(file, null, map("production.host", "db2")).plan().problems())
                    .extracting(EditProblem::problem).containsExactly("the file is not writable by user " + System.getProperty("user.name"));
            assertThat(FileEdit.set(inLocked, null, map("A", "2")).plan().problems())
                    .singleElement().extracting(EditProblem::problem).asString().startsWith("its directory " + locked + " is not writable");
        } finally {
            Permissions.set(locked, "rwx------");
        }
    }

    @Test
    void aPlanAppliesOnlyToItsOwnFileAndOnlyWithoutProblems() throws IOException {
        Path file = write("database.yml", YAML);
        Path other = write("other.yml", YAML);
        FileEdit edit = FileEdit.set(file, null, map("production.host", "db2"));
        PlannedEdit otherPlan = FileEdit.set(other, null, map("production.host", "db2")).plan();
        PlannedEdit failed = FileEdit.set(file, null, map("production.nope", "db2")).plan();

        assertThatThrownBy(() -> edit.apply(otherPlan, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> edit.apply(failed, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("production.nope");
        assertThatThrownBy(() -> new FileEdit(file, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileEdit(file, null, map("a", "b"), new RegexReplace("a", "b"))).isInstanceOf(IllegalArgumentException.class);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
