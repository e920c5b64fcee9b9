package dev.dbmove.config;

import dev.dbmove.core.DatabaseType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobFileTemplateTest {
    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Arrays.stream(DatabaseType.values())
                .flatMap(source -> Arrays.stream(DatabaseType.values()).map(target -> Arguments.of(source, target)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void rendersAFileTheLoaderAccepts(DatabaseType source, DatabaseType target) {
        JobFiles files = new JobFiles(dir, Map.of(
                JobFileTemplate.SOURCE_PASSWORD_VARIABLE, "source-secret",
                JobFileTemplate.TARGET_PASSWORD_VARIABLE, "target-secret"));

        JobConfig config = files.load(JobFileTemplate.render(source, target));

        assertThat(config.job()).isEqualTo("my-move");
        assertThat(config.source().type()).isEqualTo(source);
        assertThat(config.target().type()).isEqualTo(target);
        assertThat(config.source().port()).isEqualTo(source.defaultPort());
        assertThat(config.target().port()).isEqualTo(target.defaultPort());
        assertThat(config.source().password().reveal()).isEqualTo("source-secret");
        assertThat(config.target().password().reveal()).isEqualTo("target-secret");
        assertThat(config.tables()).isEqualTo(TableSelection.ALL);
        assertThat(config.validation()).isEqualTo(ValidationSettings.DEFAULT);
        assertThat(config.cutover()).isSameAs(CutoverSettings.DEFAULT);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void theCommentedCutoverExampleLoadsOnceUncommented(DatabaseType source, DatabaseType target) {
        JobFiles files = new JobFiles(dir, Map.of(
                JobFileTemplate.SOURCE_PASSWORD_VARIABLE, "source-secret",
                JobFileTemplate.TARGET_PASSWORD_VARIABLE, "target-secret"));
        String text = JobFileTemplate.render(source, target);
        int start = text.indexOf("\n# cutover:\n") + 1;
        assertThat(start).isPositive();
        int end = text.indexOf("\n\n", start);
        String block = text.substring(start, end < 0 ? text.length() : end);
        assertThat(block.lines()).allMatch(line -> line.startsWith("# "));

        CutoverSettings cutover = files.load(text.replace(block, block.replaceAll("(?m)^# ", ""))).cutover();

        CutoverSettings defaults = CutoverSettings.DEFAULT;
        assertThat(cutover.maxLagSeconds()).isEqualTo(defaults.maxLagSeconds());
        assertThat(cutover.requireValidation()).isEqualTo(defaults.requireValidation());
        assertThat(cutover.drainTimeout()).isEqualTo(defaults.drainTimeout());
        assertThat(cutover.freeze()).isEqualTo(defaults.freeze());
        assertThat(cutover.verify()).isEqualTo(defaults.verify());
        assertThat(cutover.sequences()).isEqualTo(defaults.sequences());
        assertThat(cutover.stop()).extracting(Command::run).containsExactly("systemctl stop shop-web", "systemctl stop shop-worker");
        assertThat(cutover.start()).extracting(Command::run).containsExactly("systemctl start shop-worker", "systemctl start shop-web");
        assertThat(cutover.start().get(0).env()).containsOnlyKeys(target.isMySqlFamily() ? "MYSQL_PWD" : "PGPASSWORD")
                .containsValue("${target.password}");
        assertThat(cutover.rewrite()).hasSize(2);
        assertThat(cutover.rewrite().get(0).set()).containsEntry("production.host", "${target.host}");
        assertThat(cutover.rewrite().get(1).replace()).isPresent();
        assertThat(cutover.health()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void writesSchemaOnlyForPostgresqlEndpoints(DatabaseType source, DatabaseType target) {
        String text = JobFileTemplate.render(source, target);

        // replication.schema (create | existing) is another key of the same name.
        long schemas = text.lines().filter(line -> line.trim().startsWith("schema:") && !line.contains("schema: create")).count();
        long expected = Stream.of(source, target).filter(type -> !type.isMySqlFamily()).count();
        assertThat(schemas).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void explainsEveryKeyWithAComment(DatabaseType source, DatabaseType target) {
        String text = JobFileTemplate.render(source, target);

        // Every key is either commented on its own line or preceded by a comment block.
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.trim().startsWith("#") || line.endsWith(":")) {
                continue;
            }
            boolean commented = line.contains(" # ") || (i > 0 && lines[i - 1].startsWith("#"));
            assertThat(commented).as("line %d has a comment: %s", i + 1, line).isTrue();
        }
        assertThat(text).contains("${env:DBMOVE_SOURCE_PASSWORD}", "${env:DBMOVE_TARGET_PASSWORD}",
                DatabaseType.allowedNames(), "verify-full", "ca:");
    }

    @Test
    void needsThePasswordVariablesSet() {
        JobFiles files = new JobFiles(dir, Map.of());

        assertThatThrownBy(() -> files.load(JobFileTemplate.render(DatabaseType.MYSQL, DatabaseType.POSTGRESQL)))
                .isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems())
                        .extracting(JobFileProblem::problem)
                        .containsExactly("environment variable DBMOVE_SOURCE_PASSWORD is not set",
                                "environment variable DBMOVE_TARGET_PASSWORD is not set"));
    }
}
