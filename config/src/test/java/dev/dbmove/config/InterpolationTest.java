package dev.dbmove.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Interpolation as the loader applies it, and the Interpolator's edge cases directly. */
class InterpolationTest {
    @TempDir
    Path dir;

    private Interpolator interpolator(Map<String, String> env) {
        return new Interpolator(env::get, dir);
    }

    private String resolve(String raw) throws Interpolator.Failure {
        return interpolator(Map.of("HOST", "db1", "EMPTY", "")).resolve(raw, false);
    }

    @Test
    void replacesEnvironmentVariablesAnywhereInTheValue() throws Exception {
        assertThat(resolve("${env:HOST}")).isEqualTo("db1");
        assertThat(resolve("jdbc://${env:HOST}:${env:HOST}/x")).isEqualTo("jdbc://db1:db1/x");
        assertThat(resolve("no references")).isEqualTo("no references");
        assertThat(resolve("costs $5 and $$ and $")).isEqualTo("costs $5 and $$ and $");
    }

    @Test
    void usesTheDefaultWhenTheVariableIsUnsetOrEmpty() throws Exception {
        assertThat(resolve("${env:UNSET:-fallback}")).isEqualTo("fallback");
        assertThat(resolve("${env:UNSET:-}")).isEmpty();
        assertThat(resolve("${env:EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(resolve("${env:HOST:-fallback}")).isEqualTo("db1");
        assertThat(resolve("${env:UNSET:-a:-b}")).isEqualTo("a:-b");
        assertThat(resolve("${env:EMPTY}")).isEmpty();
    }

    @Test
    void dollarDollarBraceIsALiteralDollarBrace() throws Exception {
        assertThat(resolve("$${env:HOST}")).isEqualTo("${env:HOST}");
        assertThat(resolve("a$${b}c${env:HOST}")).isEqualTo("a${b}cdb1");
    }

    @Test
    void doesNotInterpolateWhatWasSubstituted() throws Exception {
        Interpolator interpolator = interpolator(Map.of("TRICKY", "${env:OTHER}"));

        assertThat(interpolator.resolve("${env:TRICKY}", true)).isEqualTo("${env:OTHER}");
    }

    @Test
    void readsFilesStrippingExactlyOneTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("lf"), "value\n");
        Files.writeString(dir.resolve("crlf"), "value\r\n");
        Files.writeString(dir.resolve("two"), "value\n\n");
        Files.writeString(dir.resolve("none"), "val ue ");
        Files.writeString(dir.resolve("utf8"), "pässwörd\n");

        assertThat(resolve("${file:lf}")).isEqualTo("value");
        assertThat(resolve("${file:crlf}")).isEqualTo("value");
        assertThat(resolve("${file:two}")).isEqualTo("value\n");
        assertThat(resolve("${file:none}")).isEqualTo("val ue ");
        assertThat(resolve("${file:utf8}")).isEqualTo("pässwörd");
        assertThat(resolve("${file:" + dir.resolve("lf").toAbsolutePath() + "}")).isEqualTo("value");
    }

    @Test
    void rejectsAFileThatIsNotUtf8() throws Exception {
        Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});

        assertThatThrownBy(() -> resolve("${file:bin}"))
                .isInstanceOf(Interpolator.Failure.class)
                .hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void unsetVariableWithoutDefaultIsAnErrorNamingTheVariableAndTheFix() {
        JobFileException e = new JobFiles(dir).failure(
                JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: ${env:SOURCE_PASSWORD}"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.password");
        assertThat(problem.problem()).isEqualTo("environment variable SOURCE_PASSWORD is not set");
        assertThat(problem.fix()).contains("export SOURCE_PASSWORD").contains("${env:SOURCE_PASSWORD:-");
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.column()).isEqualTo(13);
    }

    @Test
    void missingSecretFileNamesThePathAndReason() {
        JobFileException e = new JobFiles(dir).failure(
                JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: ${file:secrets/nope}"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.password");
        assertThat(problem.problem()).isEqualTo("cannot read file " + dir.resolve("secrets/nope") + ": no such file");
        assertThat(problem.fix()).contains("create " + dir.resolve("secrets/nope")).contains(dir.toString());
    }

    @Test
    void secretFileThatIsADirectoryIsAnError() throws Exception {
        Files.createDirectory(dir.resolve("secrets"));

        JobFileException e = new JobFiles(dir).failure(
                JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: ${file:secrets}"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.password");
        assertThat(problem.problem()).isEqualTo("cannot read file " + dir.resolve("secrets") + ": is a directory");
        assertThat(problem.fix()).isEqualTo("name a file, not a directory");
    }

    @Test
    void secretFileWithoutReadPermissionIsAnError() throws Exception {
        Path secret = Files.writeString(dir.resolve("locked"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));
        assumeThat(Files.isReadable(secret)).as("the test runs as a user that cannot bypass permissions").isFalse();

        JobFileException e = new JobFiles(dir).failure(
                JobFiles.validWith("  password: s3cr3t-Pa55w0rd", "  password: ${file:locked}"));

        assertThat(JobFiles.problemAt(e, "source.password").problem()).endsWith(": permission denied");
    }

    @Test
    void unknownInterpolationKindListsTheSupportedForms() {
        JobFileException e = new JobFiles(dir).failure(
                JobFiles.validWith("  database: shop\n  schema: public", "  database: shop\n  schema: ${vault:kv/schema}"));

        JobFileProblem problem = JobFiles.problemAt(e, "target.schema");
        assertThat(problem.problem()).isEqualTo("unknown interpolation '${vault:kv/schema}'");
        assertThat(problem.fix()).contains("${env:NAME}", "${env:NAME:-default}", "${file:PATH}", "$${");
    }

    @Test
    void unterminatedReferenceIsAnError() {
        JobFileException e = new JobFiles(dir).failure(JobFiles.VALID.replace("host: 127.0.0.1\n  port: 3306", "host: ${env:HOST\n  port: 3306"));

        JobFileProblem problem = JobFiles.problemAt(e, "source.host");
        assertThat(problem.problem()).isEqualTo("unterminated '${' in '${env:HOST'");
        assertThat(problem.fix()).contains("'}'").contains("$${");
    }

    @Test
    void invalidVariableNameIsAnErrorThatHintsAtTheDefaultSyntax() {
        assertThatThrownBy(() -> resolve("${env:HOST:db2}"))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> {
                    assertThat(f.problem()).isEqualTo("'${env:HOST:db2}' does not name an environment variable");
                    assertThat(f.fix()).contains("${env:NAME:-default}");
                });
        assertThatThrownBy(() -> resolve("${env:}")).isInstanceOf(Interpolator.Failure.class);
        assertThatThrownBy(() -> resolve("${file:}")).isInstanceOf(Interpolator.Failure.class);
        assertThatThrownBy(() -> resolve("${}")).isInstanceOf(Interpolator.Failure.class);
    }

    @Test
    void aTemplateKeepsThePlaceholdersAndEscapesWhatItSubstitutes() throws Exception {
        Interpolator interpolator = interpolator(Map.of("HOST", "db1", "BRACE", "a${b", "DOLLAR", "x$"));

        assertThat(interpolator.template("ssh ${env:HOST} ${target.host}:${source.port}", null)).isEqualTo("ssh db1 ${target.host}:${source.port}");
        assertThat(interpolator.template("$${target.host} costs $5", null)).isEqualTo("$${target.host} costs $5");
        assertThat(interpolator.template("${env:BRACE}", null)).isEqualTo("a$${b");
        assertThat(interpolator.template("${env:DOLLAR}{y}", null)).isEqualTo("x$${y}"); // the '$' and '{' do not join into ${
        assertThat(interpolator.template("${target.password}", "PGPASSWORD")).isEqualTo("${target.password}");
        // Filled in, each reads as resolve() would have read it with the placeholder's value in its place.
        Map<String, String> expected = Map.of(
                "$${target.host}", "${target.host}",
                "${env:BRACE}${target.host}", "a${b<target.host>",
                "${env:DOLLAR}{y}", "x${y}",
                "a$${b$$${c", "a${b$${c",
                "$$$${target.host}", "$$${target.host}");
        for (Map.Entry<String, String> example : expected.entrySet()) {
            String template = interpolator.template(example.getKey(), null);
            assertThat(Placeholders.expand(template, name -> "<" + name + ">")).as(example.getKey()).isEqualTo(example.getValue());
        }
    }

    @Test
    void aTemplateRefusesWhatTheCutoverCouldNotFillIn() {
        Interpolator interpolator = interpolator(Map.of("DOLLAR", "x$"));

        assertThatThrownBy(() -> interpolator.template("${env:DOLLAR}${target.host}", null))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> {
                    assertThat(f.problem()).isEqualTo("the value of ${env:DOLLAR} ends with '$', which would join"
                            + " ${target.host} into the escape $${");
                    assertThat(f.fix()).isEqualTo("put a character between ${env:DOLLAR} and ${target.host}");
                });
        assertThatThrownBy(() -> interpolator.template("${target.password}", null))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> assertThat(f.problem())
                        .startsWith("'${target.password}' is allowed only in a command's 'env:'"));
        assertThatThrownBy(() -> interpolator.template("${target.hots}", null))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> assertThat(f.fix()).isEqualTo("did you mean '${target.host}'?"));
        assertThatThrownBy(() -> interpolator.template("${vault:x}", null))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> assertThat(f.problem()).isEqualTo("unknown interpolation '${vault:x}'"));
        assertThatThrownBy(() -> interpolator.resolve("${target.host}", false))
                .isInstanceOfSatisfying(Interpolator.Failure.class, f -> assertThat(f.fix()).startsWith("${target.host} is filled in only in the cutover section"));
    }

    @Test
    void interpolatesPortsTypesAndTablePatterns() {
        JobConfig config = new JobFiles(dir, Map.of("TARGET_PASSWORD", "x", "PG_PORT", "6543", "SRC", "mysql", "T", "orders"))
                .load(JobFiles.VALID
                        .replace("port: 5432", "port: ${env:PG_PORT}")
                        .replace("type: mariadb", "type: ${env:SRC}")
                        .replace("include: [\"*\"]", "include: [\"${env:T}\", \"${env:MORE:-items}\"]"));

        assertThat(config.target().port()).isEqualTo(6543);
        assertThat(config.source().type()).hasToString("mysql");
        assertThat(config.tables().include()).containsExactly("orders", "items");
    }

    @Test
    void interpolatedPortIsStillChecked() {
        JobFileException e = new JobFiles(dir, Map.of("TARGET_PASSWORD", "x", "PG_PORT", "abc"))
                .failure(JobFiles.VALID.replace("port: 5432", "port: ${env:PG_PORT}"));

        assertThat(JobFiles.problemAt(e, "target.port").problem()).isEqualTo("'abc' is not a port number");
    }
}
